import type { Action, CatalogEntry, Kind, Platform } from '../catalog/types.js';

// A registered symbol, not `instanceof`: every copy of minicall in a page (each subpackage may
// bundle its own; ESM and CJS builds may mix) sees the same brand.
const BRAND = Symbol.for('minicall.MiniError');

// Extended under a local name: the ES5 build then calls `Error` as an ES5 constructor instead of
// carrying a wrapper for subclassing built-ins, and the constructor restores the prototype itself.
const BaseError = Error;

/** The fields a `MiniError` is made of (see errors/error-for.ts, where every one is made). */
export interface MiniErrorInit {
  platform: Platform;
  api: string;
  code: number | string;
  kind: Kind;
  entry?: CatalogEntry;
  hint: string;
  raw?: unknown;
  attempts: number;
  action?: Action;
}

// The fields a log may show: no request bodies, response data or auth codes.
const LOGGED = ['platform', 'api', 'code', 'kind', 'hint', 'attempts', 'tradeStatus', 'action'];

/**
 * The one error minicall rejects with: a platform failure with its documented meaning attached.
 *
 * @example
 * try { await api.request({ url }) } catch (err) {
 *   if (isMiniError(err) && err.kind === 'retryable') showRetryButton()
 * }
 */
export class MiniError extends BaseError {
  declare readonly platform: Platform;
  /** The API name without `my.` / `upsdk.`; empty for a UnionPay server response. */
  declare readonly api: string;
  /** A number for Alipay's numeric codes; a string otherwise (`'TIMEOUT'`, UnionPay's `'a10'`). */
  declare readonly code: number | string;
  declare readonly kind: Kind;
  /** The catalog entry that explains the code, when there is one. */
  declare readonly entry: CatalogEntry | undefined;
  /** Text for the end user, in the configured locale. */
  declare readonly hint: string;
  /** What the platform passed, untouched. May hold user data: never log it whole. */
  declare readonly raw: unknown;
  /** How many times the API was invoked. */
  declare readonly attempts: number;
  /** Payments: the last trade status a follow-up query returned. */
  declare tradeStatus?: string;
  /** What the integrator's code should do (from the catalog entry, when it says). */
  declare readonly action?: Action;

  /** `detail`: the platform's own text, or minicall's account of what happened. */
  constructor(init: MiniErrorInit, detail?: string) {
    const { platform, api, code, entry } = init;
    const alipay = platform === 'alipay';
    const where = api ? (alipay ? 'my.' : 'upsdk.') + api : alipay ? 'my' : 'UnionPay';
    const what = entry ? entry.message + (detail && detail !== entry.message ? ` (${detail})` : '') : detail || 'undocumented code';
    super(`${where} failed: ${code} ${what} — npx minicall explain ${code}${api ? ' --api ' + api : ''}${alipay ? '' : ' --platform unionpay'}`);
    // Downlevelled to ES5, `super()` hands back a plain Error: give it this class's prototype, so
    // that `instanceof MiniError` holds and `toJSON` is there.
    Object.setPrototypeOf(this, MiniError.prototype);
    this.name = 'MiniError';
    if (!init.action) delete init.action;
    Object.assign(this, init);
  }

  /** A plain object for logs: no request bodies, response data or auth codes. */
  toJSON() {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const key of LOGGED) if ((this as any)[key] !== undefined) out[key] = (this as any)[key];
    const raw = (this.raw || {}) as { status?: unknown; statusCode?: unknown };
    const status = raw.status || raw.statusCode;
    if (typeof status === 'number') out.status = status;
    return out;
  }
}
Object.defineProperty(MiniError.prototype, BRAND, { value: true });

/** True for a `MiniError` from any copy of minicall, where `instanceof` cannot tell. */
export function isMiniError(value: unknown): value is MiniError {
  try {
    return !!value && (value as Record<symbol, unknown>)[BRAND] === true;
  } catch (unreadable) {
    // A Proxy that throws on every read is no MiniError.
    return false;
  }
}
