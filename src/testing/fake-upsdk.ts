import { own } from '../util.js';
import { msOption, readOptions } from './read-options.js';

type Options = Record<string, any>;

export interface FakeUpsdkOptions {
  /** Milliseconds until the native bridge loads and `pluginReady` callbacks run. @default 0 */
  bridgeDelay?: number;
  /** The bridge never loads: `pluginReady` never calls back, APIs stay silent no-ops. @default false */
  neverReady?: boolean;
  /** `false` models a page outside the wallet: `isInsideWallet` is false and APIs never call back. @default true */
  insideWallet?: boolean;
  /** Milliseconds before each callback. @default 0 */
  delay?: number;
}

/** A failure as upsdk delivers it: `{ errcode, errmsg }`, `{ code, msg }`, `{ msg }`, `{ desc }` or a string. */
export type UpsdkFailure =
  { errcode: string; errmsg?: string } | { code: string | number; msg?: string } | { msg: string } | { desc: string } | string;

export interface FakeUpsdk {
  [api: string]: any;
  readonly isInsideWallet: boolean;
  pluginReady(callback: () => void): void;
  /** Makes `api` fail with `failure`, through `fail` or (as upsdk also does) `cancel`. */
  fail(api: string, failure: UpsdkFailure, options?: { times?: number; via?: 'fail' | 'cancel' }): FakeUpsdk;
  respond(api: string, payload: unknown, options?: { times?: number }): FakeUpsdk;
  hang(api: string, options?: { times?: number }): FakeUpsdk;
  readonly calls: { api: string; options: Options }[];
  count(api: string): number;
  /** Whether the bridge has loaded. */
  readonly loaded: boolean;
}

// What each API answers when nothing is scripted (shapes from upsdk's documentation).
const SUCCESS: Record<string, () => unknown> = {
  appletAuth: () => ({ code: 'fake-auth-code' }),
  pay: () => ({}),
  qrPay: () => ({}),
  scanQRCode: () => ({ value: 'fake-qr-value' }),
  getLocationCity: () => ({ cityCd: '310000' }),
  getLocationGps: () => ({ latitude: '31.23', longitude: '121.47' }),
  chooseImage: () => ({ base64: '' }),
};

/**
 * A fake `upsdk` that behaves like the real one: before the bridge loads every API is a silent
 * no-op and `pluginReady` queues its callback; outside the wallet APIs never call back.
 *
 * @example
 * const fake = createFakeUpsdk({ bridgeDelay: 300 }).fail('pay', { msg: '用户取消支付' });
 * const unionpay = createUnionPayClient({ upsdk: fake });
 */
export function createFakeUpsdk(given?: FakeUpsdkOptions): FakeUpsdk {
  const options = readOptions(given, 'createFakeUpsdk');
  const bridgeDelay = msOption(options.bridgeDelay, 'bridgeDelay', 'createFakeUpsdk');
  const delay = msOption(options.delay, 'delay', 'createFakeUpsdk');
  const insideWallet = options.insideWallet !== false;
  const scripts: Record<string, { times: number; run(opts: Options): void }[]> = Object.create(null);
  const calls: { api: string; options: Options }[] = [];
  const waiting: (() => void)[] = [];
  let loaded = false;

  if (!options.neverReady) {
    setTimeout(() => {
      loaded = true;
      waiting.splice(0).forEach((callback) => callback());
    }, bridgeDelay);
  }

  const later = (fn: () => void) => setTimeout(fn, delay);
  const script = (api: string, times: number | undefined, run: (opts: Options) => void) =>
    (scripts[api] = scripts[api] || []).push({ times: times === undefined ? Infinity : times, run });

  function invoke(api: string, opts: Options = {}): void {
    calls.push({ api, options: opts });
    if (!loaded || !insideWallet) return; // the real stubs: no callback, ever
    const active = (scripts[api] || []).find((s) => s.times > 0);
    if (active) {
      active.times--;
      active.run(opts);
    } else later(() => opts.success && opts.success(own(SUCCESS, api) ? SUCCESS[api]() : {}));
  }

  const controls = {
    get isInsideWallet() {
      return insideWallet;
    },
    get loaded() {
      return loaded;
    },
    pluginReady(callback: () => void) {
      // Outside the wallet pluginReady fires at once, though the APIs stay no-ops.
      if (loaded || !insideWallet) later(callback);
      else waiting.push(callback);
    },
    fail(api: string, failure: UpsdkFailure, failOptions: { times?: number; via?: 'fail' | 'cancel' } = {}) {
      script(api, failOptions.times, (opts) => later(() => opts[failOptions.via || 'fail'] && opts[failOptions.via || 'fail'](failure)));
      return fake;
    },
    respond(api: string, payload: unknown, respondOptions: { times?: number } = {}) {
      script(api, respondOptions.times, (opts) => later(() => opts.success && opts.success(payload)));
      return fake;
    },
    hang(api: string, hangOptions: { times?: number } = {}) {
      script(api, hangOptions.times, () => undefined);
      return fake;
    },
    calls,
    count: (api: string) => calls.filter((c) => c.api === api).length,
  };
  const functions: Record<string, (opts?: Options) => void> = {};
  const fake = new Proxy(controls as unknown as FakeUpsdk, {
    get(target, name) {
      if (typeof name !== 'string' || name in target) return (target as any)[name];
      if (!own(SUCCESS, name) && !scripts[name]) return undefined;
      return (functions[name] = functions[name] || ((opts?: Options) => invoke(name, opts)));
    },
  });
  return fake;
}
