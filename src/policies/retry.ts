import type { MiniError } from '../errors/mini-error';
import type { CallContext, Step } from '../context';
import { sleep } from '../sleep';
import { backoff, retryAfter } from './backoff';
import { mayRetry, returnToken, spendToken } from './budget';

/** The wait before the next attempt of a repeatable call, or -1 when this failure is final. */
function nextDelay(ctx: CallContext, error: MiniError, started: number): number {
  const retry = ctx.policy.retry;
  if (!retry || error.kind !== 'retryable' || ctx.attempts >= retry.attempts) return -1;
  if (!mayRetry(ctx.client)) return -1;
  const after = retryAfter(error.raw, retry.maxDelay);
  const delay = after !== undefined ? after : backoff(retry, ctx.attempts, error.entry && error.entry.throttle);
  return Date.now() - started + delay > retry.maxElapsed ? -1 : delay;
}

/**
 * Invokes again after a transient (`retryable`) failure of a call that is safe to repeat, with
 * full-jitter backoff, within the client's retry budget. Cancel, fatal and pending never repeat.
 */
export const retry: Step = (ctx, next) => {
  // Only a call that may be repeated needs its start time: reading the clock costs more than the
  // rest of this step, and most calls (anything not safe to repeat) never retry.
  const repeatable = !!ctx.policy.retry && ctx.adapter.retrySafe(ctx.api, ctx.options, ctx.policy.idempotent);
  const started = repeatable ? Date.now() : 0;
  const attempt = (): Promise<unknown> => {
    ctx.attempts++;
    ctx.emit('attempt');
    return next().then(
      (value) => {
        returnToken(ctx.client);
        return value;
      },
      (caught) => {
        const error = caught as MiniError;
        error.attempts = ctx.invocations;
        if (error.kind === 'retryable') spendToken(ctx.client);
        const delay = repeatable ? nextDelay(ctx, error, started) : -1;
        if (delay < 0) throw error;
        ctx.emit('retry', { delay, error });
        return sleep(ctx, delay).then(attempt);
      },
    );
  };
  return attempt();
};
