// Small helpers shared by the runtime modules.

export function noop(): void {}

export const isObject = (value: unknown): value is Record<string, any> => !!value && typeof value === 'object';

export const isFunction = (value: unknown): value is (...args: any[]) => any => typeof value === 'function';

/** Finds `name` on the host, walking dotted names (`ap.navigateToAlipayPage`): [its owner, it]. */
export function member(host: unknown, name: string): [any, any] {
  let owner: any;
  let value: any = host;
  for (const part of name.split('.')) {
    owner = value;
    value = isObject(owner) || isFunction(owner) ? (owner as any)[part] : undefined;
  }
  return [owner, value];
}
