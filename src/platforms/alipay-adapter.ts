import type { Adapter, CallContext } from '../context';
import { noop } from '../signal';
import { NEVER_REPEAT, PASSTHROUGH, RETRY_SAFE, SUCCESS_FAILURES, SYNC, USER_PACED, failureInSuccess } from './alipay';

declare const my: unknown;

/** Calls a UI function of the host and ignores whatever it does: a toast must never become an error. */
export function quietly(host: unknown, name: string, options?: object): void {
  try {
    const fn = host && (host as Record<string, unknown>)[name];
    const returned = typeof fn === 'function' && fn.call(host, Object.assign({ fail: noop }, options));
    if (returned && typeof returned.then === 'function') returned.then(noop, noop);
  } catch (ignored) {}
}

/** Alipay's `my`: callbacks `success`/`fail`/`complete`, failures `{ error, errorMessage }`. */
export const alipayAdapter: Adapter = {
  platform: 'alipay',
  host: (config) => (config.my !== undefined ? config.my : typeof my !== 'undefined' ? my : undefined),
  callbacks: (options, success, fail, complete) => Object.assign({}, options, { success, fail, complete }),
  failureInSuccess,
  looksFailed: (api, arg) =>
    !SUCCESS_FAILURES[api] && !!arg && typeof arg === 'object' && ('error' in arg || 'errorCode' in arg || 'errorMessage' in arg),
  retrySafe(api, options, idempotent) {
    if (NEVER_REPEAT.test(api)) return false;
    const rule = RETRY_SAFE[api];
    return idempotent || rule === true || (!!rule && rule(options));
  },
  toast: (ctx: CallContext, text) => quietly(ctx.host(), 'showToast', { type: 'fail', content: text }),
  loading: (ctx: CallContext, text) =>
    text === undefined ? quietly(ctx.host(), 'hideLoading') : quietly(ctx.host(), 'showLoading', { content: text }),
  passthrough: PASSTHROUGH,
  sync: SYNC,
  userPaced: USER_PACED,
};
