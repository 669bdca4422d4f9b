// Small helpers shared by the runtime modules.

export function noop(): void {}

/** `setTimeout`, except that a delay beyond 2^31 − 1 ms (which timers take as 1 ms) waits as long as they can. */
export function later(callback: () => void, ms: number): any {
  return setTimeout(callback, Math.min(ms, 2147483647));
}

export const isObject = (value: unknown): value is Record<string, any> => !!value && typeof value === 'object';

export const isFunction = (value: unknown): value is (...args: any[]) => any => typeof value === 'function';

/** Finds `name` on the host, walking dotted names (`ap.navigateToAlipayPage`): [its owner, it]. */
export function member(host: unknown, name: string): [any, any] {
  if (name.indexOf('.') < 0) return [host, isObject(host) || isFunction(host) ? (host as any)[name] : undefined];
  let owner: any;
  let value: any = host;
  for (const part of name.split('.')) {
    owner = value;
    value = isObject(owner) || isFunction(owner) ? (owner as any)[part] : undefined;
  }
  return [owner, value];
}
