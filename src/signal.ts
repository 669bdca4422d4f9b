import { noop } from './util.js';

/**
 * Anything that can say "stop": an `AbortSignal`, or a plain object with `aborted` and either
 * `addEventListener('abort', …)` or an `onabort` slot (the Alipay runtime may have no AbortController).
 */
export interface SignalLike {
  readonly aborted: boolean;
  addEventListener?(type: 'abort', listener: () => void): void;
  removeEventListener?(type: 'abort', listener: () => void): void;
  onabort?: ((...args: any[]) => unknown) | null;
}

/** Calls `listener` once when `signal` aborts; returns the function that stops listening. */
export function onAbort(signal: SignalLike | undefined, listener: () => void): () => void {
  if (!signal) return noop;
  if (signal.addEventListener) {
    signal.addEventListener('abort', listener);
    return () => signal.removeEventListener && signal.removeEventListener('abort', listener);
  }
  const previous = signal.onabort;
  const chained = function (this: unknown, ...args: unknown[]) {
    listener();
    if (previous) previous.apply(this, args);
  };
  signal.onabort = chained;
  return () => {
    if (signal.onabort === chained) signal.onabort = previous;
  };
}
