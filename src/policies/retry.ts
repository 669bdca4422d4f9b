import type { MiniError } from '../errors/mini-error.js';
import type { CallContext, Step } from '../context.js';
import { sleep } from '../sleep.js';
import { backoff, retryAfter } from './backoff.js';

/** The wait before the next attempt, or -1 when this failure is final. */
function nextDelay(ctx: CallContext, error: MiniError, started: number): number {
  const retry = ctx.policy.retry;
  if (!retry || error.kind !== 'retryable' || ctx.attempts >= retry.attempts) return -1;
  if (!ctx.budgetAllows) return -1;
  const after = retryAfter(error.raw, retry.maxDelay);
  const delay = after !== undefined ? after : backoff(retry, ctx.attempts, error.entry && error.entry.throttle);
  return Date.now() - started + delay > retry.maxElapsed ? -1 : delay;
}

/**
 * Invokes again after a transient (`retryable`) failure of a call that is safe to repeat, with
 * full-jitter backoff, within the client's retry budget. Cancel, fatal and pending never repeat;
 * a call that is not safe to repeat skips this step altogether.
 */
export const retry: Step = {
  applies: (ctx) => ctx.policy.retry && ctx.adapter.retrySafe(ctx.api, ctx.options, ctx.policy.idempotent),
  run(ctx, next) {
    const started = Date.now();
    const attempt = (): Promise<unknown> =>
      next().catch((error: MiniError) => {
        const delay = nextDelay(ctx, error, started);
        if (delay < 0) throw error;
        ctx.emit('retry', { delay, error });
        return sleep(ctx, delay).then(attempt);
      });
    return attempt();
  },
};
