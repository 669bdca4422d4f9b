import type { CatalogEntry, CompactCatalog, EnglishHints, Kind } from './types.js';
import alipay from './alipay.data.js';
import minicall from './minicall.data.js';
import { own } from '../util.js';

interface Index {
  /** Group name → pattern of its APIs. */
  groups: Record<string, string>;
  byCode: Record<string, CatalogEntry[]>;
}

const KINDS: Record<string, Kind> = { c: 'cancel', r: 'retryable', f: 'fatal', p: 'pending' };

// Compact tables are expanded on first lookup, not at import, so a page that never fails pays nothing.
// Platforms and codes come from callers: every table keyed by them is read through `own` or has no
// prototype, so that a code such as 'constructor' finds nothing rather than a member of Object.prototype.
const table = <T>(): Record<string, T> => Object.create(null);
const sources: Record<string, CompactCatalog> = { alipay, minicall };
let indexes: Record<string, Index> = {};
let english: EnglishHints | undefined;

/** Lets `minicall/unionpay` add its catalog without the default entry carrying it. */
export function registerCatalog(data: CompactCatalog): void {
  sources[data.platform] = data;
}

/** Lets `minicall/en` add English hints without the default entry carrying them. */
export function registerEnglish(hints: EnglishHints): void {
  english = hints;
  indexes = {};
}

/** The hint for a failure no entry explains. */
export function kindHint(kind: Kind, en?: boolean): string {
  return (en && english ? english.kinds : minicall.kindHints!)[kind];
}

export function hasEnglish(): boolean {
  return !!english;
}

function indexOf(platform: string): Index | undefined {
  const data: CompactCatalog | undefined = own(sources, platform);
  const built: Index | undefined = own(indexes, platform);
  if (built || !data) return built;
  const byCode = table<CatalogEntry[]>();
  const en = english && (english[platform as keyof EnglishHints] as string[]);
  for (const row of data.rows) {
    const apis = row[0];
    for (let i = 1; i < row.length; i += 3) {
      const [code, message, m] = row.slice(i, i + 3) as [number | string, string, number];
      // "f服务暂不可用…" → kind f(atal), hint; "r!…" throttles; UnionPay adds "|action|scope".
      const [hint, action, scope] = data.metas[m].slice(data.metas[m][1] === '!' ? 2 : 1).split('|');
      const entry: Record<string, unknown> = {
        code,
        apis: apis ? (apis as string).split(',') : [],
        message,
        kind: KINDS[data.metas[m][0]],
        hint,
      };
      if (en) entry.hintEn = en[m];
      if (data.metas[m][1] === '!') entry.throttle = true;
      if (action) entry.action = action;
      if (scope) entry.scope = scope;
      (byCode[code] = byCode[code] || []).push(Object.freeze(entry) as unknown as CatalogEntry);
    }
  }
  return (indexes[platform] = { groups: Object.assign(table<string>(), data.groups), byCode });
}

/** `'my.request'` → `'request'`; anything that is not a non-empty name → undefined. */
export function apiName(api: unknown): string | undefined {
  // Most names have no dot: they skip the pattern, which every call would otherwise pay for.
  return (typeof api === 'string' && (api.indexOf('.') < 0 ? api : api.replace(/^(my|upsdk)\./, ''))) || undefined;
}

/**
 * Alipay codes are numbers (a numeric string becomes one); UnionPay codes are strings, as its
 * catalog has them; minicall's own codes are strings on both platforms.
 */
export function codeOf(code: unknown, platform?: string): number | string | undefined {
  if (typeof code === 'number') return code !== code ? undefined : platform === 'unionpay' ? '' + code : code;
  if (typeof code !== 'string' || !(code = code.trim())) return undefined;
  return platform !== 'unionpay' && /^-?\d+$/.test(code as string) ? +(code as string) : (code as string);
}

function find(platform: string, api: string | undefined, code: number | string): CatalogEntry | undefined {
  const index = indexOf(platform);
  const candidates = index && index.byCode[code];
  if (!candidates) return undefined;
  const named = (test: (name: string) => boolean) => candidates.filter((e) => e.apis.some(test))[0];
  const entry =
    api && (named((name) => name === api) || named((name) => name[0] === '@' && new RegExp(index!.groups[name.slice(1)]).test(api)));
  // A code alone identifies an entry only when every API that documents it agrees on what it means.
  return entry || (candidates.every((e) => e.kind === candidates[0].kind) ? candidates[0] : undefined);
}

/** The same lookup as `describe`, with the API optional (UnionPay server codes belong to no API). */
export function lookup(api: string | undefined, code: unknown, platform: unknown = 'alipay'): CatalogEntry | undefined {
  if (typeof platform !== 'string') return undefined;
  const c = codeOf(code, platform);
  return c === undefined ? undefined : find(platform, api, c) || (typeof c === 'string' ? find('minicall', undefined, c) : undefined);
}

/**
 * The catalog entry that explains `code` for `api`: an entry naming the API first, then one whose
 * group (e.g. Bluetooth) contains it, then a code-only match where all entries agree on the kind.
 * Never throws: odd input gives `undefined`.
 *
 * @example
 * describe('chooseImage', 11)?.kind   // 'cancel'
 * describe('my.request', '11')?.kind  // 'fatal' (domain not whitelisted)
 */
export function describe(api: string, code: number | string, platform: 'alipay' | 'unionpay' = 'alipay'): CatalogEntry | undefined {
  const name = apiName(api);
  return name ? lookup(name, code, platform) : undefined;
}

/**
 * The kind of failure `code` is for `api`; a code no entry explains is `'fatal'`.
 *
 * @example
 * classify('request', 13)  // 'retryable'
 */
export function classify(api: string, code: number | string, platform: 'alipay' | 'unionpay' = 'alipay'): Kind {
  const entry = describe(api, code, platform);
  return entry ? entry.kind : 'fatal';
}
