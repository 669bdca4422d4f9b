import type { CallContext } from '../pipeline.js';
import type { Adapter } from './adapter.js';
import { isFunction, isObject, noop, own } from '../util.js';
import { FAILURE_CODE_FIELD, NEVER_REPEAT, RETRY_SAFE, SUCCESS_FAILURES, failureInSuccess, refineKind } from './alipay.js';
import { styleOf } from './alipay-styles.js';

declare const my: unknown;

/** Calls a UI function of the host and ignores whatever it does: a toast must never become an error. */
export function quietly(host: any, name: string, options?: object): void {
  try {
    const returned = host[name](Object.assign({ fail: noop }, options));
    if (returned && isFunction(returned.then)) returned.then(noop, noop);
  } catch (ignored) {}
}

/** Alipay's `my`: callbacks `success`/`fail`/`complete`, failures `{ error, errorMessage }`. */
export const alipayAdapter: Adapter = {
  platform: 'alipay',
  options: { my: 'o' },
  host: (config) => (config.my !== undefined ? config.my : typeof my !== 'undefined' ? my : undefined),
  callbacks(options, success, fail, complete) {
    if (options === undefined) return { success, fail, complete };
    // Set one by one: merging a second object literal costs three times as much, on every call.
    const copy: Record<string, unknown> = Object.assign({}, options);
    copy.success = success;
    copy.fail = fail;
    copy.complete = complete;
    return copy;
  },
  failureInSuccess,
  // A `complete` argument carrying an error field is a failure, unless it is the very field the
  // API's success payload reports its outcome in (connectWifi's `error`, tradePay's `resultCode`).
  looksFailed: (api, arg) =>
    isObject(arg) &&
    ('error' in arg || 'errorCode' in arg || 'errorMessage' in arg) &&
    !(own(SUCCESS_FAILURES, api) && own(SUCCESS_FAILURES, api).field in arg),
  retrySafe(api, options, idempotent) {
    const rule = own(RETRY_SAFE, api);
    return (idempotent || rule === true || (!!rule && rule(options))) && !NEVER_REPEAT.test(api);
  },
  toast: (ctx: CallContext, text) => quietly(ctx.host(), 'showToast', { type: 'fail', content: text }),
  loading: (ctx: CallContext, text) => quietly(ctx.host(), text === undefined ? 'hideLoading' : 'showLoading', { content: text }),
  style: styleOf,
  codeField: (api) => own(FAILURE_CODE_FIELD, api),
  refine: refineKind,
};
