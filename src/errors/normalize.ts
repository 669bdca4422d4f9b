import type { Kind, Platform } from '../catalog/types.js';
import { codeOf, kindHint, lookup } from '../catalog/lookup.js';
import { MiniError, isMiniError } from './mini-error.js';
import { own } from '../util.js';

/** What turning a raw failure into a `MiniError` needs to know. */
export interface ErrorScope {
  platform: Platform;
  api: string;
  attempts?: number;
  locale?: 'zh-CN' | 'en';
  /** Hint overrides by `'api:code'` or `'code'`. */
  messages?: Record<string, string>;
  /** A kind the failure's details decide over the catalog's (an HTTP 404 is fatal, a 503 retryable). */
  refine?(api: string, code: number | string, raw: unknown): Kind | undefined;
}

// Where platforms put the code and the text, most trusted first.
const CODE_FIELDS = ['error', 'errorCode', 'errCode', 'code', 'errcode'];
const TEXT_FIELDS = ['errorMessage', 'errMsg', 'errmsg', 'message', 'msg', 'desc'];

function first(raw: Record<string, unknown>, fields: string[]): unknown {
  for (const f of fields) if (raw[f] != null && raw[f] !== '') return raw[f];
}

/** The kind the failure's details decide, if they can be read. */
function refined(scope: ErrorScope, code: number | string, raw: unknown): Kind | undefined {
  try {
    return scope.refine && scope.refine(scope.api, code, raw);
  } catch (ignored) {
    return undefined;
  }
}

/**
 * Builds the error for `code` (one of the platform's, or minicall's own such as `'TIMEOUT'`).
 * `kind` overrides the catalog's when a follow-up learned more (a 6004 whose trade is closed is fatal).
 */
export function errorFor(scope: ErrorScope, code: unknown, raw?: unknown, detail?: string, kind?: Kind): MiniError {
  const c = codeOf(code, scope.platform);
  const known = c === undefined ? 'UNKNOWN' : c;
  const entry = lookup(scope.api, known, scope.platform);
  const documented = entry ? entry.kind : 'fatal';
  const en = scope.locale === 'en';
  const messages = scope.messages;
  kind = kind || refined(scope, known, raw) || documented;
  // The end user's text: the page's own, else the entry's (unless a follow-up changed the kind), else one for the kind.
  const hint =
    own(messages, scope.api + ':' + known) ||
    own(messages, '' + known) ||
    (entry && kind === documented ? (en && entry.hintEn) || entry.hint : kindHint(kind, en));
  return new MiniError({ platform: scope.platform, api: scope.api, code: known, kind, entry, hint, raw, attempts: scope.attempts, detail });
}

/**
 * The error of a call whose options, policy or signal threw when minicall read them (a getter, a
 * revoked Proxy, a frozen signal): the caller's input, refused before the host is involved.
 */
export function unreadable(scope: ErrorScope, thrown: unknown): MiniError {
  let reason = '';
  try {
    reason = thrown instanceof Error ? ': ' + thrown.message : '';
  } catch (ignored) {}
  return errorFor(scope, 'INVALID_ARGUMENT', undefined, 'its options or signal could not be read' + reason);
}

/**
 * Any failure a host hands over — `{ error, errorMessage }`, `{ errCode }`, `{ errcode, errmsg }`,
 * a string, an `Error`, nothing at all — as a `MiniError`.
 */
export function toMiniError(scope: ErrorScope, raw: unknown, codeless?: string): MiniError {
  let code: unknown;
  let text: unknown;
  try {
    if (raw instanceof MiniError) return raw;
    // Another copy of minicall's error, if it is one: its kind and code must read as such.
    if (isMiniError(raw) && typeof raw.kind === 'string' && (typeof raw.code === 'string' || typeof raw.code === 'number')) return raw;
    const fields = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    text = typeof raw === 'string' ? raw : first(fields, TEXT_FIELDS);
    code = first(fields, CODE_FIELDS);
  } catch (ignored) {
    // A failure whose fields throw when read (a revoked Proxy): its code is unknown.
  }
  return errorFor(scope, code === undefined ? codeless : code, raw, typeof text === 'string' ? text : undefined);
}
