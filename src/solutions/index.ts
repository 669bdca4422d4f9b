import { describe } from '../catalog/lookup.js';
import type { CatalogEntry } from '../catalog/types.js';
import data from './data.js';

/** A catalog entry with its developer documentation: the fix (`solution`), and for UnionPay the other texts of the code. */
export interface ExplainedEntry extends CatalogEntry {
  solution?: string;
  variants?: { message: string; solution?: string; source?: string }[];
  /** Why an ambiguous code was given its kind. */
  note?: string;
  /** Where a code that the seed tables lack is documented. */
  source?: string;
}

/** The documentation of `entry` (from `describe`, or `error.entry`). */
export function solutionOf(entry: CatalogEntry, platform: 'alipay' | 'unionpay' | 'minicall' = 'alipay'): ExplainedEntry {
  const table = data[typeof entry.code === 'string' && data.minicall[entry.code + '|'] ? 'minicall' : platform] || {};
  return Object.assign({}, entry, table[entry.code + '|' + entry.apis.join(',')]);
}

/**
 * `describe` plus the developer documentation: what to do about the failure.
 *
 * @example
 * explain('request', 11)?.solution  // '确保请求域名添加了域名白名单…'
 */
export function explain(api: string, code: number | string, platform: 'alipay' | 'unionpay' = 'alipay'): ExplainedEntry | undefined {
  const entry = describe(api, code, platform);
  return entry && solutionOf(entry, platform);
}
