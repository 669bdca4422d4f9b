// Small helpers shared by the runtime modules.

export function noop(): void {}

/** `setTimeout`, except that a delay beyond 2^31 − 1 ms (which timers take as 1 ms) waits as long as they can. */
export function later(callback: () => void, ms: number): any {
  // Whole milliseconds: some timer implementations parseInt the delay, reading 3e-300 as 3.
  return setTimeout(callback, Math.min(Math.ceil(ms), 2147483647));
}

/**
 * `object[key]` if the object itself has it: never a member of `Object.prototype`, whatever the
 * key (a caller's `'constructor'` or a JSON `"__proto__"` reads as absent).
 */
export function own(object: object | undefined, key: string): any {
  return object && Object.prototype.hasOwnProperty.call(object, key) ? (object as any)[key] : undefined;
}

export const isObject = (value: unknown): value is Record<string, any> => !!value && typeof value === 'object';

export const isFunction = (value: unknown): value is (...args: any[]) => any => typeof value === 'function';

/** `owner[key]`, unless that is what every object or function inherits (`constructor`, `toString`, `call`): no host API. */
function hostMember(owner: unknown, key: string): any {
  if (!isObject(owner) && !isFunction(owner)) return undefined;
  const value = (owner as any)[key];
  return value !== undefined && (value === own(Object.prototype, key) || value === own(Function.prototype, key)) ? undefined : value;
}

/** Finds `name` on the host, walking dotted names (`ap.navigateToAlipayPage`): [its owner, it]. */
export function member(host: unknown, name: string): [any, any] {
  if (name.indexOf('.') < 0) return [host, hostMember(host, name)];
  let owner: any;
  let value: any = host;
  for (const part of name.split('.')) {
    owner = value;
    value = hostMember(owner, part);
  }
  return [owner, value];
}
