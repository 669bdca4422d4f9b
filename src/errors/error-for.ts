import type { Kind, Platform } from '../catalog/types.js';
import { codeOf, lookup } from '../catalog/lookup.js';
import { kindHint } from '../locales/hints.js';
import { MiniError, isMiniError } from './mini-error.js';
import { own } from '../util.js';

/** Where a failure happened: a call (its context), or a UnionPay server response. */
export interface ErrorSite {
  api: string;
  adapter: {
    platform: Platform;
    /** A kind the failure's details decide over the catalog's (an HTTP 404 is fatal, a 503 retryable). */
    refine?(api: string, code: number | string, raw: unknown): Kind | undefined;
    /** The field `api` reports its failure code in, before the usual ones. */
    codeField?(api: string): string | undefined;
  };
  /** The hints' language, and the page's own hints by `'api:code'` or `'code'`. */
  policy: { locale?: string; messages?: Record<string, string> };
  /** Times the host function was called: the error's `attempts`. */
  invocations: number;
}

// Where platforms put the code and the text, most trusted first.
const CODE_FIELDS = ['error', 'errorCode', 'errCode', 'code', 'errcode'];
const TEXT_FIELDS = ['errorMessage', 'errMsg', 'errmsg', 'message', 'msg', 'desc'];

function first(raw: Record<string, unknown>, fields: string[]): unknown {
  for (const f of fields) if (raw[f] != null && raw[f] !== '') return raw[f];
}

/**
 * The one place a `MiniError` is made: the error for `code` (one of the platform's, or minicall's
 * own such as `'TIMEOUT'`) at `site`. `kind` overrides the catalog's when a follow-up learned more
 * (a 6004 whose trade is closed is fatal).
 */
export function errorFor(site: ErrorSite, code: unknown, raw?: unknown, detail?: string, kind?: Kind): MiniError {
  const { api, adapter, policy } = site;
  const platform = adapter.platform;
  const c = codeOf(code, platform);
  const known = c === undefined ? 'UNKNOWN' : c;
  const entry = lookup(api, known, platform);
  const documented = entry ? entry.kind : 'fatal';
  const en = policy.locale === 'en';
  if (!kind) {
    try {
      kind = adapter.refine && adapter.refine(api, known, raw);
    } catch (unreadable) {
      // Details that cannot be read decide nothing.
    }
  }
  kind = kind || documented;
  // The end user's text: the page's own, else the entry's (unless its kind was overridden), else one for the kind.
  const hint =
    own(policy.messages, api + ':' + known) ||
    own(policy.messages, '' + known) ||
    (entry && kind === documented ? (en && entry.hintEn) || entry.hint : kindHint(kind, en));
  return new MiniError(
    { platform, api, code: known, kind, entry, hint, raw, attempts: site.invocations, action: entry && entry.action },
    detail,
  );
}

/**
 * The error of a call whose options, policy or signal threw when minicall read them (a getter, a
 * revoked Proxy, a frozen signal): the caller's input, refused before the host is involved.
 */
export function unreadable(site: ErrorSite, thrown: unknown): MiniError {
  let reason = '';
  try {
    reason = thrown instanceof Error ? ': ' + thrown.message : '';
  } catch (ignored) {}
  return errorFor(site, 'INVALID_ARGUMENT', undefined, 'its options or signal could not be read' + reason);
}

/**
 * Any failure a host hands over — `{ error, errorMessage }`, `{ errCode }`, `{ errcode, errmsg }`,
 * a string, an `Error`, nothing at all — as a `MiniError`. `codeless` is the code of a failure
 * that carries none, when the platform can tell.
 */
export function toMiniError(site: ErrorSite, raw: unknown, codeless?: string): MiniError {
  let code: unknown;
  let text: unknown;
  try {
    // A MiniError as it is, this copy's or another's: another copy's only if its kind and code read as such.
    if (raw instanceof MiniError) return raw;
    if (isMiniError(raw) && typeof raw.kind === 'string' && (typeof raw.code === 'string' || typeof raw.code === 'number')) return raw;
    const fields = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    text = typeof raw === 'string' ? raw : first(fields, TEXT_FIELDS);
    const field = site.adapter.codeField && site.adapter.codeField(site.api);
    code = first(fields, field ? [field].concat(CODE_FIELDS) : CODE_FIELDS);
  } catch (ignored) {
    // A failure whose fields throw when read (a revoked Proxy): its code is unknown.
  }
  return errorFor(site, code === undefined ? codeless : code, raw, typeof text === 'string' ? text : undefined);
}
