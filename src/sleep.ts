import { errorFor, unreadable } from './errors/normalize.js';
import type { CallContext } from './context.js';
import { onAbort } from './signal.js';
import { later } from './util.js';

/** Waits `ms`, or rejects with `ABORTED` the moment the call's signal aborts; leaves nothing armed. */
export function sleep(ctx: CallContext, ms: number): Promise<void> {
  const signal = ctx.policy.signal;
  return new Promise((resolve, reject) => {
    let timer: any;
    try {
      if (signal && signal.aborted) return reject(errorFor(ctx.scope(), 'ABORTED'));
      // A zero wait needs no timer (which would take at least a millisecond anyway).
      if (ms <= 0) return resolve();
      const stop = onAbort(signal, () => {
        clearTimeout(timer);
        stop();
        reject(errorFor(ctx.scope(), 'ABORTED'));
      });
      timer = later(() => {
        stop();
        resolve();
      }, ms);
    } catch (thrown) {
      clearTimeout(timer);
      reject(unreadable(ctx.scope(), thrown));
    }
  });
}
