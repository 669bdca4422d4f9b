import type { Adapter } from './platforms/adapter.js';
import type { RetryBudget } from './policies/budget.js';
import type { MiniEvent, ResolvedPolicy } from './policy.js';
import { toMiniError } from './errors/error-for.js';
import { invoke } from './invoke.js';
import { loading } from './policies/loading.js';
import { retry } from './policies/retry.js';
import { toast } from './policies/toast.js';

/** One call as a step sees it. */
export interface StepContext {
  /** The API's name, without `my.` (`'request'`, `'ap.openURL'`). */
  readonly api: string;
  /**
   * What the host function receives at the next invocation: the caller's own options. A step may
   * put a new object here (a header with a fresh token) before it calls `next` again; it should
   * never change the caller's object itself.
   */
  options: any;
  /** The call's policy: the client's config with the call's own policy merged over it. */
  readonly policy: Readonly<ResolvedPolicy>;
  /** Times the host function has been called so far in this call. */
  readonly invocations: number;
}

/**
 * A step of the pipeline. It does its part around `next()`, which runs the steps after it and,
 * last, one invocation of the host function; calling `next()` again runs them again (a replay).
 * A step that has nothing to do for a call returns `next()` as it is.
 *
 * The order, outermost first: toast, loading, the policy's `steps` in the order listed, retry, the
 * invocation. So a step sees each outcome after retries; a replay is retried like the first try;
 * the loading indicator covers a step's own waiting; and the toast shows only the final failure.
 */
export interface Step {
  (ctx: StepContext, next: () => Promise<unknown>): Promise<unknown>;
  /** Policy options that only this step reads (the payment follow-up's `trade` and `sign`). */
  readonly reads?: readonly string[];
}

/** Per-client state the policies share. */
export interface ClientState {
  config: ResolvedPolicy & Record<string, unknown>;
  /** The same config for calls that wait on the user: no default timeout (see USER_PACED_STYLE). */
  paced: ResolvedPolicy & Record<string, unknown>;
  budget: RetryBudget;
  /** Toast text → when it was last shown, oldest first. */
  toasts: Map<string, number>;
}

/** One call as it goes through the pipeline: what a step sees, and what minicall's own steps need. */
export interface CallContext extends StepContext {
  options: unknown;
  policy: ResolvedPolicy;
  invocations: number;
  adapter: Adapter;
  client: ClientState;
  /** The call waits on the user (see USER_PACED_STYLE). */
  userPaced?: boolean;
  /**
   * Where each invocation puts what the host function returned (`RequestTask`): the context
   * itself until `call` has its promise, then that promise, whose `task` the caller reads.
   */
  taskHolder: { task?: unknown };
  task?: unknown;
  host(): unknown;
  /** Reports an event to the policy's `onEvent`; never throws. */
  emit(type: MiniEvent['type'], extra?: Partial<MiniEvent>): void;
}

/** Runs `ctx` through the pipeline: toast, loading, the policy's own steps, retry, the invocation. */
export function run(ctx: CallContext): Promise<unknown> {
  const own = ctx.policy.steps;
  const last = own.length + 2;
  const next = (i: number): Promise<unknown> => {
    // minicall's own steps never throw and reject only with MiniErrors; they run as they are.
    if (i === 0) return toast(ctx, () => next(1));
    if (i === 1) return loading(ctx, () => next(2));
    if (i === last) return retry(ctx, () => next(i + 1));
    if (i > last) {
      // Reported as the attempt starts, before a platform's readiness gate (UnionPay's bridge).
      if (ctx.policy.onEvent) ctx.emit('attempt', { attempt: ctx.invocations + 1 });
      if (!ctx.adapter.ready) return invoke(ctx);
      try {
        return ctx.adapter.ready(ctx).then(() => invoke(ctx));
      } catch (thrown) {
        // A bridge that throws where it should answer (a hostile `upsdk`) fails the call, never the steps around it.
        return Promise.reject(toMiniError(ctx, thrown));
      }
    }
    let outcome: unknown;
    try {
      outcome = own[i - 2](ctx, () => next(i + 1));
    } catch (thrown) {
      outcome = Promise.reject(thrown);
    }
    // Whatever a page's step throws or rejects with, the steps around it see a MiniError: a
    // loading indicator is still hidden, a toast still shown, and the caller gets a MiniError.
    return Promise.resolve(outcome).then(undefined, (failure) => {
      throw toMiniError(ctx, failure);
    });
  };
  return next(0);
}
