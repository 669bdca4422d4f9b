import { isFunction, noop } from './util.js';

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

/** The listeners of one `onabort`-style signal, behind the one handler minicall puts in its slot. */
interface Slot {
  listeners: Set<() => void>;
  handler: (...args: unknown[]) => unknown;
  /** What the slot held before: the page's own handler, called after minicall's. */
  previous: SignalLike['onabort'];
}

// However many calls share a signal, its `onabort` holds one handler, and a call that ends takes
// its listener out at once: nothing of a finished call stays reachable from a long-lived signal.
const slots = /* @__PURE__ */ new WeakMap<object, Slot>();

function listenToSlot(signal: SignalLike, listener: () => void): () => void {
  let slot = slots.get(signal);
  if (!slot) {
    // Only an object that has an `onabort` slot is written to, never Object.prototype or the like:
    // a signal with neither that nor addEventListener is only read (`aborted`) between steps.
    if (!('onabort' in signal)) return noop;
    const listeners = new Set<() => void>();
    const previous = signal.onabort;
    const handler = function (this: unknown, ...args: unknown[]) {
      const current: (() => void)[] = [];
      listeners.forEach((l) => current.push(l));
      current.forEach((l) => l());
      return previous ? previous.apply(this, args) : undefined;
    };
    signal.onabort = handler; // throws for a frozen signal: the caller reports it
    slots.set(signal, (slot = { listeners, handler, previous }));
  }
  const { listeners, handler, previous } = slot;
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size || slots.get(signal) !== slot) return;
    slots.delete(signal);
    try {
      if (signal.onabort === handler) signal.onabort = previous;
    } catch (ignored) {}
  };
}

/**
 * Calls `listener` once when `signal` aborts; returns the function that stops listening, which
 * never throws. Throws itself when the signal cannot be listened to (a frozen `onabort` object, a
 * throwing `addEventListener`): the caller turns that into the call's error.
 */
export function onAbort(signal: SignalLike | undefined, listener: () => void): () => void {
  if (!signal) return noop;
  if (!isFunction(signal.addEventListener)) return listenToSlot(signal, listener);
  signal.addEventListener('abort', listener);
  return () => {
    try {
      if (isFunction(signal.removeEventListener)) signal.removeEventListener('abort', listener);
    } catch (ignored) {
      // A signal that cannot let go of a listener must not keep the call from settling.
    }
  };
}
