import type { Step } from '../context.js';

/** `policy.loading`: a loading indicator for the whole call, hidden whatever happens. */
export const loading: Step = {
  applies: (ctx) => ctx.policy.loading,
  run(ctx, next) {
    const loading = ctx.policy.loading;
    ctx.adapter.loading(ctx, typeof loading === 'string' ? loading : '');
    const hide = () => ctx.adapter.loading(ctx, undefined);
    return next().then(
      (value) => {
        hide();
        return value;
      },
      (error) => {
        hide();
        throw error;
      },
    );
  },
};
