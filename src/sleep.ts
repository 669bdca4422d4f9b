import { errorFor } from './errors/normalize.js';
import type { CallContext } from './context.js';
import { onAbort } from './signal.js';
import { later } from './util.js';

/** Waits `ms`, or rejects with `ABORTED` the moment the call's signal aborts; leaves nothing armed. */
export function sleep(ctx: CallContext, ms: number): Promise<void> {
  const signal = ctx.policy.signal;
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(errorFor(ctx.scope(), 'ABORTED'));
    // A zero wait needs no timer (which would take at least a millisecond anyway).
    if (ms <= 0) return resolve();
    const timer = later(() => {
      stop();
      resolve();
    }, ms);
    const stop = onAbort(signal, () => {
      clearTimeout(timer);
      stop();
      reject(errorFor(ctx.scope(), 'ABORTED'));
    });
  });
}
