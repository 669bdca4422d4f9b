import type { Kind, Platform } from '../catalog/types';
import { codeOf, lookup } from '../catalog/lookup';
import minicall from '../catalog/minicall.data';
import { MiniError, isMiniError } from './mini-error';

/** What turning a raw failure into a `MiniError` needs to know. */
export interface ErrorScope {
  platform: Platform;
  api: string;
  attempts?: number;
  locale?: 'zh-CN' | 'en';
  /** Hint overrides by `'api:code'` or `'code'`. */
  messages?: Record<string, string>;
}

// Where platforms put the code and the text, in the order they are trusted.
const CODE_FIELDS = ['error', 'errorCode', 'errCode', 'code', 'errcode'];
const TEXT_FIELDS = ['errorMessage', 'errMsg', 'errmsg', 'message', 'msg', 'desc'];

function first(raw: Record<string, unknown>, fields: string[]): unknown {
  for (const f of fields) if (raw[f] != null && raw[f] !== '') return raw[f];
  return undefined;
}

/** The hint an end user sees: an override from `messages`, else the entry's, else one for the kind. */
export function hintFor(scope: ErrorScope, code: number | string, kind: Kind, entry = lookup(scope.api, code, scope.platform)): string {
  const messages = scope.messages || {};
  const own = messages[scope.api + ':' + code] || messages[code];
  if (own) return own;
  const en = scope.locale === 'en' ? 1 : 0;
  return entry ? (en ? entry.hintEn : entry.hint) : minicall.kindHints![kind][en];
}

/**
 * Builds the error for `code` (one of the platform's or minicall's own, such as `'TIMEOUT'`).
 * `kind` overrides the catalog's when a follow-up learned more (a 6004 whose trade is closed is fatal).
 */
export function errorFor(scope: ErrorScope, code: unknown, raw?: unknown, detail?: string, kind?: Kind): MiniError {
  const c = codeOf(code, scope.platform);
  const known = c === undefined ? 'UNKNOWN' : c;
  const entry = lookup(scope.api, known, scope.platform);
  const documented = entry ? entry.kind : 'fatal';
  kind = kind || documented;
  return new MiniError({
    platform: scope.platform,
    api: scope.api,
    code: known,
    kind,
    entry,
    hint: hintFor(scope, known, kind, kind === documented ? entry : undefined),
    raw,
    attempts: scope.attempts,
    detail,
  });
}

/**
 * Any failure a host hands over — `{ error, errorMessage }`, `{ errCode }`, `{ errcode, errmsg }`,
 * a string, an `Error`, nothing at all — as a `MiniError`.
 */
export function toMiniError(scope: ErrorScope, raw: unknown): MiniError {
  if (isMiniError(raw)) return raw;
  if (raw && typeof raw === 'object') {
    const fields = raw as Record<string, unknown>;
    const text = first(fields, TEXT_FIELDS);
    return errorFor(scope, first(fields, CODE_FIELDS), raw, typeof text === 'string' ? text : undefined);
  }
  return errorFor(scope, undefined, raw, typeof raw === 'string' ? raw : undefined);
}
