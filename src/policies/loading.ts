import type { CallContext, Step } from '../pipeline.js';

/** Runs `work` under the call's loading indicator (`policy.loading`), hidden whatever happens. */
export function withLoading<T>(ctx: CallContext, work: () => Promise<T>): Promise<T> {
  const loading = ctx.policy.loading;
  ctx.adapter.loading(ctx, typeof loading === 'string' ? loading : '');
  const hide = () => ctx.adapter.loading(ctx, undefined);
  return work().then(
    (value) => {
      hide();
      return value;
    },
    (error) => {
      hide();
      throw error;
    },
  );
}

/**
 * `policy.loading`: a loading indicator for the whole call. A call that waits on the user gets
 * none, since the host's own UI is on screen; a payment's follow-up shows it while it polls.
 */
export const loading: Step = (context, next) => {
  const ctx = context as CallContext;
  return ctx.policy.loading && !ctx.userPaced ? withLoading(ctx, next) : next();
};
