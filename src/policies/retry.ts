import type { MiniError } from '../errors/mini-error.js';
import type { CallContext, Step } from '../pipeline.js';
import { backoff, retryAfter } from './backoff.js';
import { wait } from './wait.js';

/** The wait before retry `n` (1 for the first), or -1 when this failure is final. */
function nextDelay(ctx: CallContext, error: MiniError, n: number, started: number): number {
  const retry = ctx.policy.retry;
  if (!retry || error.kind !== 'retryable' || n >= retry.attempts || !ctx.client.budget.allows(error)) return -1;
  const after = retryAfter(error.raw, retry.maxDelay);
  const delay = after !== undefined ? after : backoff(retry, n, error.entry && error.entry.throttle);
  return Date.now() - started + delay > retry.maxElapsed ? -1 : delay;
}

/**
 * Invokes again after a transient (`retryable`) failure of a call that is safe to repeat, with
 * full-jitter backoff, within the client's retry budget. Cancel, fatal and pending never repeat;
 * a call that is not safe to repeat skips this step altogether.
 */
export const retry: Step = (context, next) => {
  const ctx = context as CallContext;
  if (!ctx.policy.retry || !ctx.adapter.retrySafe(ctx.api, ctx.options, ctx.policy.idempotent)) return next();
  const started = Date.now();
  let n = 0;
  const attempt = (): Promise<unknown> =>
    next().catch((error: MiniError) => {
      const delay = nextDelay(ctx, error, ++n, started);
      if (delay < 0) throw error;
      ctx.emit('retry', { delay, error });
      return wait(ctx, delay).then(attempt);
    });
  return attempt();
};
