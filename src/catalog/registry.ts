import type { CatalogEntry, CompactCatalog, Kind } from './types.js';
import alipay from './alipay.data.js';
import minicall from './minicall.data.js';
import { englishHints } from '../locales/hints.js';
import { own } from '../util.js';

// The catalogs a page has, by platform, and each one expanded into entries by code. Compact tables
// are expanded on first lookup, not at import, so a page that never fails pays nothing.
// Platforms and codes come from callers: every table keyed by them is read through `own` or has no
// prototype, so that a code such as 'constructor' finds nothing rather than a member of Object.prototype.

export interface Index {
  /** Group name → pattern of its APIs. */
  groups: Record<string, string>;
  byCode: Record<string, CatalogEntry[]>;
}

const KINDS: Record<string, Kind> = { c: 'cancel', r: 'retryable', f: 'fatal', p: 'pending' };

const table = <T>(): Record<string, T> => Object.create(null);
const sources: Record<string, CompactCatalog> = { alipay, minicall };
let indexes: Record<string, Index> = {};

/** Lets `minicall/unionpay` add its catalog without the default entry carrying it. */
export function registerCatalog(data: CompactCatalog): void {
  sources[data.platform] = data;
}

/** Drops the expanded entries, so that the next lookup expands them with the hints registered since. */
export function forgetIndexes(): void {
  indexes = {};
}

/** `platform`'s catalog, expanded: its entries by code and its groups of APIs. */
export function indexOf(platform: string): Index | undefined {
  const data: CompactCatalog | undefined = own(sources, platform);
  const built: Index | undefined = own(indexes, platform);
  if (built || !data) return built;
  const byCode = table<CatalogEntry[]>();
  const en = englishHints(platform);
  for (const row of data.rows) {
    const apis = row[0];
    for (let i = 1; i < row.length; i += 3) {
      const code = row[i];
      const meta = data.metas[row[i + 2] as number];
      // "f服务暂不可用…" → kind f(atal), hint; "r!…" throttles; "|action" says what to do; UnionPay adds "|scope".
      const [hint, action, scope] = meta.slice(meta[1] === '!' ? 2 : 1).split('|');
      const entry: Record<string, unknown> = {
        code,
        apis: apis ? (apis as string).split(',') : [],
        message: row[i + 1],
        kind: KINDS[meta[0]],
        hint,
      };
      if (en) entry.hintEn = en[row[i + 2] as number];
      if (meta[1] === '!') entry.throttle = true;
      if (action) entry.action = action;
      if (scope) entry.scope = scope;
      (byCode[code] = byCode[code] || []).push(Object.freeze(entry) as unknown as CatalogEntry);
    }
  }
  return (indexes[platform] = { groups: Object.assign(table<string>(), data.groups), byCode });
}
