import { errorFor, unreadable } from '../errors/error-for.js';
import type { CallContext } from '../pipeline.js';
import { onAbort } from '../signal.js';
import { later } from '../util.js';

/**
 * A call's own wait (a retry's backoff, a payment's poll interval): `ms`, or until the call's
 * signal aborts, which rejects with `ABORTED`. Leaves nothing armed either way.
 */
export function wait(ctx: CallContext, ms: number): Promise<void> {
  const signal = ctx.policy.signal;
  return new Promise((resolve, reject) => {
    let timer: any;
    try {
      if (signal && signal.aborted) return reject(errorFor(ctx, 'ABORTED'));
      // A zero wait needs no timer (which would take at least a millisecond anyway).
      if (ms <= 0) return resolve();
      const stop = onAbort(signal, () => {
        clearTimeout(timer);
        stop();
        reject(errorFor(ctx, 'ABORTED'));
      });
      timer = later(() => {
        stop();
        resolve();
      }, ms);
    } catch (thrown) {
      clearTimeout(timer);
      reject(unreadable(ctx, thrown));
    }
  });
}
