import { own } from '../util.js';
import alipay from '../catalog/alipay.data.js';
import { lookup } from '../catalog/lookup.js';
import { SILENT_ON_DISMISSAL } from '../platforms/alipay-styles.js';
import { msOption, readOptions } from './read-options.js';
import { httpDownload, httpRequest, lazyFolder, type Cancel, type NetworkConfig } from './http.js';

type Options = Record<string, any>;
type Handler = (options: Options) => unknown;

/** One scripted behaviour of an API. */
interface Script {
  times: number;
  run(options: Options, done: Settle): unknown;
}
type Settle = (ok: boolean, payload: unknown) => void;

export interface FakeMyOptions {
  /** Milliseconds before each callback, as a real host answers later. @default 0 */
  delay?: number;
  /**
   * `'http'`: `request` and `downloadFile` perform real HTTP with Node's own client (node:http,
   * node:https), reporting outcomes as the platform does. Scripted `fail`/`respond`/`hang` still
   * take precedence for their API. @default undefined (every API answers from scripts and defaults)
   */
  network?: 'http';
  /**
   * Network mode: how a status ≥ 400 is reported. `'fail'` gives `{ error: 19, errorMessage:
   * 'http status error', status, data, headers }`; `'success'` resolves with the status, as older
   * base libraries do. @default 'fail'
   */
  httpErrors?: 'fail' | 'success';
  /** Network mode: the folder `downloadFile` saves to. @default a new folder under the system's temporary folder */
  downloadDir?: string;
}

export interface FailOptions {
  /** Only the next `times` calls fail; later ones behave as before. @default every call */
  times?: number;
  /** @default the catalog's message for the code */
  errorMessage?: string;
  /** More fields for the fail payload (e.g. `status`, `headers`). */
  [field: string]: unknown;
}

/** A fake Alipay `my` that follows the platform's conventions; script it to fail on cue. */
export interface FakeMy {
  [api: string]: any;
  /**
   * Makes `api` fail with `code`; tradePay and paySignCenter answer inside `success`, as the real ones do.
   * A dotted name (`'ap.nsf'`) is scripted under its namespace: `my.ap.nsf`.
   */
  fail(api: string, code: number | string, options?: FailOptions): FakeMy;
  /** Makes `api` succeed with `payload`, or with what `payload(options)` returns (a promise is awaited; a throw fails). */
  respond(api: string, payload: unknown, options?: { times?: number }): FakeMy;
  /** Makes `api` never call back. */
  hang(api: string, options?: { times?: number }): FakeMy;
  /**
   * The user backs out of `api`'s screen, as the real host reports it: an API Alipay documents as
   * silent on dismissal (`chooseCity`) never calls back; any other fails with its documented cancel
   * code (chooseImage 11, scan 10, tradePay 6001 inside `success`). Throws for an API that has neither.
   */
  dismiss(api: string, options?: { times?: number }): FakeMy;
  /** Every invocation, in order. */
  readonly calls: { api: string; options: Options }[];
  /** Texts of every `showToast`, in order. */
  readonly toasts: string[];
  /** Whether a `showLoading` is on screen. */
  readonly loading: boolean;
  /** How many times `api` was invoked. */
  count(api: string): number;
  /** Forgets calls, toasts and scripts. */
  reset(): FakeMy;
}

// What each API answers when nothing is scripted: the success payloads of the platform's docs.
const SUCCESS: Record<string, Handler> = {
  request: () => ({ data: {}, status: 200, headers: {} }),
  downloadFile: () => ({ apFilePath: 'https://resource/fake.download' }),
  uploadFile: () => ({ data: '', statusCode: 200, header: {} }),
  tradePay: () => ({ resultCode: '9000' }),
  paySignCenter: () => ({ resultStatus: '7000', result: '{}' }),
  getAuthCode: () => ({ authCode: 'fake-auth-code', authSuccessScopes: ['auth_base'] }),
  chooseImage: () => ({ apFilePaths: ['https://resource/fake.jpg'], tempFilePaths: ['https://resource/fake.jpg'] }),
  getLocation: () => ({ longitude: '120.1', latitude: '30.2', accuracy: '10' }),
  getStorage: () => ({ data: null }),
  setStorage: () => ({}),
  removeStorage: () => ({}),
  getSystemInfo: () => ({ platform: 'iOS', version: '10.5.0' }),
  getNetworkType: () => ({ networkAvailable: true, networkType: 'WIFI' }),
  connectSocket: () => ({}),
  sendSocketMessage: () => ({}),
  scan: () => ({ code: 'fake-code', qrCode: 'fake-code' }),
  alert: () => ({}),
  confirm: () => ({ confirm: true }),
  showToast: () => ({}),
  showLoading: () => ({}),
  hideLoading: () => ({}),
  openBluetoothAdapter: () => ({ isSupportBLE: true }),
};

/** The code `api` fails with when the user backs out: its catalog entry of kind cancel, a 取消 one first. */
function cancelCodeOf(api: string): number | string | undefined {
  const cancels: [number | string, string][] = [];
  for (const [apis, ...triples] of alipay.rows) {
    if (String(apis).split(',').indexOf(api) < 0) continue;
    for (let i = 0; i < triples.length; i += 3) {
      if (alipay.metas[triples[i + 2] as number][0] === 'c') cancels.push([triples[i], String(triples[i + 1])]);
    }
  }
  const cancel = cancels.filter(([, message]) => message.indexOf('取消') >= 0)[0] || cancels[0];
  return cancel && cancel[0];
}

/** What network mode performs over real HTTP. */
const NETWORK: Record<string, typeof httpRequest> = { request: httpRequest, downloadFile: httpDownload };

/** Codes of these APIs come back inside `success`, under this field. */
const RESULT_FIELD: Record<string, string> = { tradePay: 'resultCode', paySignCenter: 'resultStatus' };

/**
 * A fake `my` for tests of your own pages: callbacks asynchronous, `complete` after `success`/`fail`,
 * fail payloads `{ error, errorMessage }`, tradePay answering in `success`, a `request` task whose
 * `abort()` fails the call with error 9. With `{ network: 'http' }`, `request` and `downloadFile`
 * go over real HTTP.
 *
 * @example
 * const fake = createFakeMy().fail('request', 13, { times: 2 });
 * const client = createClient({ my: fake });
 * await client.api.request({ url });   // resolves on the third attempt
 */
export function createFakeMy(given?: FakeMyOptions): FakeMy {
  const options = readOptions(given, 'createFakeMy');
  const delay = msOption(options.delay, 'delay', 'createFakeMy');
  if (options.network !== undefined && options.network !== 'http')
    throw new TypeError(
      `createFakeMy: network must be 'http', got ${typeof options.network === 'string' ? options.network : typeof options.network}`,
    );
  if (options.httpErrors !== undefined && options.httpErrors !== 'fail' && options.httpErrors !== 'success') {
    throw new TypeError(
      `createFakeMy: httpErrors must be 'fail' or 'success', got ${typeof options.httpErrors === 'string' ? options.httpErrors : typeof options.httpErrors}`,
    );
  }
  const network: NetworkConfig | undefined = options.network
    ? {
        httpErrors: options.httpErrors || 'fail',
        downloadDir: lazyFolder('minicall-fake-my-', options.downloadDir),
      }
    : undefined;
  const scripts: Record<string, Script[]> = Object.create(null);
  const calls: { api: string; options: Options }[] = [];
  const toasts: string[] = [];
  let loading = false;

  /** Why the fake could not serve `api` once scripted, or undefined when it can. */
  function unscriptable(api: string): string | undefined {
    const parts = typeof api === 'string' ? api.split('.') : [''];
    if (parts.some((part) => part === '')) return 'not an API name';
    if (parts[0] in controls || parts.some((part) => part in Object.prototype)) return 'a name of the fake itself or of every object';
    // `my.ap` cannot be both a function and the namespace of `my.ap.nsf`.
    for (const other in scripts) {
      if (other !== api && (other.indexOf(api + '.') === 0 || api.indexOf(other + '.') === 0)) return `${other} is scripted too`;
    }
    return undefined;
  }

  function script(api: string, times: number | undefined, run: Script['run']): void {
    // Refused where the test wrote it, not later as a call the host does not answer.
    const problem = unscriptable(api);
    if (problem) throw new TypeError(`createFakeMy: cannot script ${JSON.stringify(api)}: ${problem}`);
    (scripts[api] = scripts[api] || []).push({ times: times === undefined ? Infinity : times, run });
  }

  function invoke(api: string, opts: Options = {}): unknown {
    calls.push({ api, options: opts });
    if (api === 'showToast') toasts.push(String(opts.content));
    if (api === 'showLoading') loading = true;
    if (api === 'hideLoading') loading = false;
    let settled = false;
    const done: Settle = (ok, payload) => {
      if (settled) return;
      settled = true;
      setTimeout(() => {
        const callback = ok ? opts.success : opts.fail;
        if (typeof callback === 'function') callback(payload);
        if (typeof opts.complete === 'function') opts.complete(payload);
      }, delay);
    };
    const active = (scripts[api] || []).find((s) => s.times > 0);
    let cancel: Cancel | undefined;
    if (active) active.times--;
    if (active) active.run(opts, done);
    else if (network && own(NETWORK, api)) cancel = NETWORK[api](api, opts, done, network);
    else done(true, own(SUCCESS, api) ? SUCCESS[api](opts) : {});
    if (api === 'request' || api === 'downloadFile' || api === 'uploadFile') {
      return {
        abort: () => {
          done(false, { error: 9, errorMessage: `${api}:fail abort` });
          // The exchange in flight, if any, is destroyed; its own outcome is never reported.
          if (cancel) cancel();
        },
      };
    }
    return undefined;
  }

  const controls = {
    fail(api: string, code: number | string, failOptions: FailOptions = {}) {
      const { times, errorMessage, ...extra } = failOptions;
      script(api, times, (_opts, done) => {
        const entry = lookup(api, code, 'alipay');
        const message = errorMessage !== undefined ? errorMessage : entry ? entry.message : `fail ${code}`;
        const field = own(RESULT_FIELD, api);
        if (field) done(true, { [field]: String(code), memo: message, ...extra });
        else done(false, { error: code, errorMessage: message, ...extra });
      });
      return fake;
    },
    respond(api: string, payload: unknown, respondOptions: { times?: number } = {}) {
      script(api, respondOptions.times, (opts, done) => {
        try {
          const value = typeof payload === 'function' ? payload(opts) : payload;
          Promise.resolve(value).then(
            (v) => done(true, v),
            (e) => done(false, e),
          );
        } catch (thrown) {
          done(false, thrown);
        }
      });
      return fake;
    },
    hang(api: string, hangOptions: { times?: number } = {}) {
      script(api, hangOptions.times, () => undefined);
      return fake;
    },
    dismiss(api: string, dismissOptions: { times?: number } = {}) {
      if (SILENT_ON_DISMISSAL.split(',').indexOf(api) >= 0) return controls.hang(api, dismissOptions);
      const code = cancelCodeOf(api);
      if (code === undefined) {
        throw new TypeError(`createFakeMy: Alipay documents no cancel for ${api}; script what it does with fail() or respond()`);
      }
      return controls.fail(api, code, { times: dismissOptions.times });
    },
    calls,
    toasts,
    get loading() {
      return loading;
    },
    count: (api: string) => calls.filter((c) => c.api === api).length,
    reset() {
      calls.length = 0;
      toasts.length = 0;
      loading = false;
      for (const api in scripts) delete scripts[api];
      return fake;
    },
  };

  const functions: Record<string, (opts?: Options) => unknown> = Object.create(null);
  const namespaces: Record<string, object> = Object.create(null);

  /** `my[name]`: a scripted or defaulted API, or the namespace of scripted dotted ones (`my.ap`). */
  function hostMember(name: string): unknown {
    if (own(SUCCESS, name) || scripts[name]) return (functions[name] = functions[name] || ((opts?: Options) => invoke(name, opts)));
    for (const api in scripts) if (api.indexOf(name + '.') === 0) return namespaces[name] || (namespaces[name] = namespace(name));
    return undefined;
  }

  /** `my.ap`: its own members are the scripted `ap.*` APIs; everything else is an ordinary object's (toString…). */
  function namespace(name: string): object {
    return new Proxy(
      {},
      { get: (target, part) => (typeof part === 'string' && !(part in target) ? hostMember(name + '.' + part) : (target as any)[part]) },
    );
  }

  const fake: FakeMy = new Proxy(controls as unknown as FakeMy, {
    get(target, name) {
      if (typeof name !== 'string' || name in target) return (target as any)[name];
      return hostMember(name);
    },
  });
  return fake;
}
