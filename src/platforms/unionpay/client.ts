import { makeClient, type CallPromise } from '../../client-core.js';
import { DIRECT_STYLE, PROMISED_STYLE, USER_PACED_STYLE, type Adapter } from '../adapter.js';
import { errorFor, unreadable } from '../../errors/error-for.js';
import type { CallContext } from '../../pipeline.js';
import type { Policy } from '../../policy.js';
import { onAbort } from '../../signal.js';
import { isFunction, isObject, later } from '../../util.js';

declare const upsdk: unknown;
declare const window: { upsdk?: unknown } | undefined;

/** A UnionPay client's config: the same policies as the Alipay client, and upsdk's own needs. */
export interface UnionPayConfig extends Omit<Policy, 'signal' | 'idempotent'> {
  /** The `upsdk` object; default: the page's global `upsdk`, looked up at each call. */
  upsdk?: object;
  /** How long to wait for `upsdk.pluginReady` before failing with `NOT_READY`. @default 10000 */
  readyTimeout?: number;
  /** Shows a toast's text; upsdk has none of its own. @default undefined (no toast, only the `toast` event) */
  showToast?: (text: string) => void;
  /** Shows a loading indicator (`policy.loading`). @default undefined */
  showLoading?: (text: string) => void;
  /** Hides it. @default undefined */
  hideLoading?: () => void;
}

export interface UnionPayClient {
  call(name: string, options?: object, policy?: Policy): CallPromise<any>;
  api: Record<string, (options?: object, policy?: Policy) => CallPromise<any>>;
  configure(config: UnionPayConfig): void;
}

/** Payments are invoked exactly once per call, whatever the caller marks. */
const NEVER_REPEAT = /^(pay|qrPay)$/;

/** Reads that are safe to repeat after a transient failure. Everything else needs `idempotent: true`. */
const RETRY_SAFE = /^(getLocationCity|getLocationGps)$/;

/** Wait on the user (payment, authorisation, scanning): the default timeout does not apply to them. */
const USER_PACED = /^(pay|qrPay|appletAuth|scanQRCode|chooseImage)$/;

/** `pay` fails with `{ msg }` only: a message saying the user cancelled (取消) is a cancel. */
function payFailure(api: string, raw: unknown): string | undefined {
  if (api !== 'pay') return undefined;
  const text = typeof raw === 'string' ? raw : isObject(raw) ? String(raw.msg || raw.errmsg || raw.desc || '') : '';
  return /取消|cancel/i.test(text) ? 'PAY_CANCELLED' : 'PAY_FAILED';
}

function call(host: any, name: string, arg?: unknown): void {
  try {
    if (isFunction(host[name])) host[name](arg);
  } catch (ignored) {}
}

const unionpayAdapter: Adapter = {
  platform: 'unionpay',
  options: { upsdk: 'o', readyTimeout: 'n', showToast: 'f', showLoading: 'f', hideLoading: 'f' },
  host: (config) =>
    config.upsdk !== undefined
      ? config.upsdk
      : typeof upsdk !== 'undefined'
        ? upsdk
        : typeof window !== 'undefined' && window
          ? window.upsdk
          : undefined,
  // upsdk accepts `cancel` as an alias of `fail`, and never calls `complete`.
  callbacks: (options, success, fail) => Object.assign({}, options, { success, fail, cancel: fail }),
  failureInSuccess: () => undefined,
  looksFailed: () => false,
  retrySafe: (api, _options, idempotent) => !NEVER_REPEAT.test(api) && (idempotent || RETRY_SAFE.test(api)),
  toast: (ctx, text) => call(ctx.client.config, 'showToast', text),
  loading: (ctx, text) => (text === undefined ? call(ctx.client.config, 'hideLoading') : call(ctx.client.config, 'showLoading', text)),
  // `pluginReady` takes a callback of its own: it is handed back, not promised.
  style: (api) => (api === 'pluginReady' ? DIRECT_STYLE : USER_PACED.test(api) ? USER_PACED_STYLE : PROMISED_STYLE),
  codeless: payFailure,
};

/** One wait for an upsdk's bridge, shared by the calls waiting on it. */
interface BridgeWait {
  loaded: Promise<boolean>;
  waiters: number;
  /** Gives up the wait (its timer included) when no call waits any more. */
  cancel(): void;
}

function waitForBridge(host: any, ms: number, forget: () => void): BridgeWait {
  let timer: any;
  let settle: (loaded: boolean) => void = () => undefined;
  const loaded = new Promise<boolean>((resolve) => {
    settle = (ok) => {
      clearTimeout(timer);
      if (!ok) forget(); // a bridge that loads later is still waited for by later calls
      resolve(ok);
    };
    timer = later(() => settle(false), ms);
    try {
      host.pluginReady(() => settle(true));
    } catch (thrown) {
      settle(false);
    }
  });
  return { loaded, waiters: 0, cancel: () => settle(false) };
}

/**
 * A client over UnionPay 云闪付's `upsdk`: the same `call`/`api`/policies as the Alipay client.
 * It waits once for `upsdk.pluginReady` before the first call (calls made meanwhile queue), fails
 * with `NOT_READY` when the bridge never loads within `readyTimeout`, and with `c101` at once
 * outside the wallet. Every call has a 10 s default timeout, since an unready upsdk never calls back.
 *
 * @example
 * const unionpay = createUnionPayClient({ showToast: (text) => showMyToast(text) });
 * const { code } = await unionpay.api.appletAuth({ appId, scope: 'scope.auth' });
 */
export function createUnionPayClient(config?: UnionPayConfig): UnionPayClient {
  const bridges = new WeakMap<object, BridgeWait>();
  const ready = (ctx: CallContext): Promise<void> => {
    const host = ctx.host() as any;
    const signal = ctx.policy.signal;
    // An aborted call is the caller's cancel, wherever the page runs.
    try {
      if (signal && signal.aborted) return Promise.reject(errorFor(ctx, 'ABORTED'));
    } catch (thrown) {
      return Promise.reject(unreadable(ctx, thrown));
    }
    if (isObject(host) && host.isInsideWallet === false) return Promise.reject(errorFor(ctx, 'c101'));
    if (!isObject(host) || !isFunction(host.pluginReady)) return Promise.resolve();
    let bridge = bridges.get(host);
    if (!bridge) bridges.set(host, (bridge = waitForBridge(host, ctx.client.config.readyTimeout as number, () => bridges.delete(host))));
    const wait = bridge;
    wait.waiters++;
    return new Promise((resolve, reject) => {
      let stop: () => void;
      try {
        stop = onAbort(signal, () => {
          if (--wait.waiters === 0) wait.cancel();
          reject(errorFor(ctx, 'ABORTED'));
        });
      } catch (thrown) {
        if (--wait.waiters === 0) wait.cancel();
        return reject(unreadable(ctx, thrown));
      }
      wait.loaded.then((loaded) => {
        stop();
        wait.waiters--;
        if (loaded) resolve();
        else
          reject(
            errorFor(ctx, 'NOT_READY', undefined, `upsdk.pluginReady did not fire within ${ctx.client.config.readyTimeout} ms`),
          );
      });
    });
  };
  const client = makeClient(Object.assign({}, unionpayAdapter, { ready }), { timeout: 10000, readyTimeout: 10000 });
  if (config !== undefined) client.configure(config);
  return client as unknown as UnionPayClient;
}
