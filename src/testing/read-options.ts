/**
 * A fake's options, read once into a plain copy of their own enumerable keys: options that throw
 * when read (a getter, a Proxy) are a TypeError that names the fake, never an error of theirs.
 */
export function readOptions<T extends object>(options: T | undefined, fake: string): Partial<T> {
  if (options === undefined) return {};
  if (!options || typeof options !== 'object')
    throw new TypeError(`${fake}: expected options to be an object, got ${options === null ? 'null' : typeof options}`);
  try {
    return Object.assign({}, options);
  } catch (thrown) {
    throw new TypeError(`${fake}: its options could not be read`);
  }
}

/** A number of milliseconds option: undefined gives `fallback`; anything but a number ≥ 0 is a TypeError. */
export function msOption(value: unknown, name: string, fake: string, fallback = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0))
    throw new TypeError(`${fake}: expected \`${name}\` to be a number of ms ≥ 0, got ${typeof value}`);
  return value;
}
