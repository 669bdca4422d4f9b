import { errorFor } from '../../errors/error-for.js';
import { isMiniError, type MiniError } from '../../errors/mini-error.js';

/** A UnionPay open-platform response. */
export interface UnionPayResponse<T = unknown> {
  resp: string;
  msg?: string;
  params?: T;
}

// Where a server response's error happened: no API, no call, the default hints.
const SERVER = { api: '', adapter: { platform: 'unionpay' as const }, policy: {}, invocations: 0 };

/**
 * The `params` of a successful UnionPay open-platform response (`resp === '00'`); otherwise throws
 * a `MiniError` with the catalog entry, its `kind` and its `action` (what your code should do).
 *
 * @example
 * const { accessToken, openId } = checkUnionPayResponse(await post('/token', body));
 */
export function checkUnionPayResponse<T = unknown>(body: UnionPayResponse<T> | string): T {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch (ignored) {}
  }
  // Each field read once: a body whose fields throw when read is no UnionPay response either.
  let resp: unknown;
  let msg: unknown;
  let params: unknown;
  try {
    if (parsed && typeof parsed === 'object') ({ resp, msg, params } = parsed as UnionPayResponse<T>);
  } catch (unreadable) {
    resp = undefined;
  }
  if (typeof resp !== 'string') throw errorFor(SERVER, 'UNKNOWN', body, 'not a UnionPay response: expected an object with a `resp` string');
  if (resp === '00') return params as T;
  // UnionPay's own text, when it is text: anything else is no account of the failure.
  throw errorFor(SERVER, resp, body, typeof msg === 'string' ? msg : undefined);
}

export interface TokenSource {
  /** The token to use now (e.g. from your cache). */
  getToken(): string | PromiseLike<string>;
  /** Fetches a new token after an expiry (`action` says which token); may return it, or store it for `getToken`. */
  refreshToken(action: 'refreshBackendToken' | 'refreshFrontToken'): string | void | PromiseLike<string | void>;
}

// One refresh per expired token: every call that failed with the same token shares it — calls
// failing together, and calls failing later with the token just replaced, whether refreshToken()
// stored the new token for getToken() or only returned it. The last few are kept.
const refreshes = /* @__PURE__ */ new Map<unknown, Promise<string>>();
const KEPT_REFRESHES = 16;

function isExpired(error: unknown): error is MiniError {
  return isMiniError(error) && (error.action === 'refreshBackendToken' || error.action === 'refreshFrontToken');
}

function refreshOnce(source: TokenSource, action: 'refreshBackendToken' | 'refreshFrontToken', expired: unknown): Promise<string> {
  let pending = refreshes.get(expired);
  if (!pending) {
    const refresh = Promise.resolve()
      .then(() => tokenFrom(source.refreshToken(action)))
      .then((token) => (typeof token === 'string' ? token : tokenFrom(source.getToken())));
    // A refresh that failed is forgotten, so the next caller tries again.
    refresh.then(undefined, () => refreshes.get(expired) === refresh && refreshes.delete(expired));
    refreshes.set(expired, (pending = refresh));
    if (refreshes.size > KEPT_REFRESHES) refreshes.delete(refreshes.keys().next().value);
  }
  return pending;
}

/**
 * A value the token source or `fn` gave, checked before a promise adopts it: one whose `then`
 * cannot even be read (a revoked Proxy in its prototype) is a TypeError of minicall's.
 */
function readable<V>(value: V, who: string): V {
  try {
    void (value && (value as { then?: unknown }).then);
  } catch (unreadable) {
    throw new TypeError(`minicall: ${who} answered a value that could not be read.`);
  }
  return value;
}
const tokenFrom = <V>(value: V) => readable(value, 'the token source');
const resultOf =
  <T>(fn: (token: string) => T | PromiseLike<T>) =>
  (token: string) =>
    readable(fn(token), '`fn`');

/**
 * Runs `fn(token)`; when it fails because the token expired (a10, a20 and their kin), refreshes
 * once — shared with every concurrent caller — and runs `fn` once more. Any other failure, or a
 * second expiry, is thrown as it is.
 *
 * @example
 * const params = await withUnionPayToken(
 *   (backendToken) => post('/token', { appId, backendToken, code }).then(checkUnionPayResponse),
 *   { getToken: () => cache.backendToken, refreshToken: () => fetchBackendToken() },
 * );
 */
export function withUnionPayToken<T>(fn: (token: string) => T | PromiseLike<T>, source: TokenSource): Promise<T> {
  // A promise chain rather than an async function, so that the ES5 build needs no generator runtime.
  return new Promise<string>((resolve) => {
    if (typeof fn !== 'function') throw new TypeError('minicall: expected `fn` to be a function.');
    let readable = false;
    try {
      readable = !!source && typeof source.getToken === 'function' && typeof source.refreshToken === 'function';
    } catch (unreadable) {
      // A source that throws when read (a revoked Proxy) is no token source.
    }
    if (!readable) throw new TypeError('minicall: expected `{ getToken, refreshToken }` functions.');
    resolve(tokenFrom(source.getToken()));
  }).then((token) =>
    Promise.resolve(token)
      .then(resultOf(fn))
      .catch((error: unknown) => {
        if (!isExpired(error)) throw error;
        // Another caller may have refreshed since this one started: use its token rather than mint one.
        return Promise.resolve(tokenFrom(source.getToken()))
          .then((current) => (current !== token ? current : refreshOnce(source, error.action as 'refreshBackendToken', token)))
          .then(resultOf(fn));
      }),
  );
}
