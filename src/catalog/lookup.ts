import type { CatalogEntry, CompactCatalog, Kind } from './types';
import alipay from './alipay.data';
import minicall from './minicall.data';

interface Index {
  groups: Record<string, string[]>;
  byCode: Map<number | string, CatalogEntry[]>;
}

const KINDS: Record<string, Kind> = { c: 'cancel', r: 'retryable', f: 'fatal', p: 'pending' };

// Compact tables are expanded on first lookup, not at import, so a page that never fails pays nothing.
const sources: Record<string, CompactCatalog> = { alipay, minicall };
const indexes: Record<string, Index> = {};

/** Lets `minicall/unionpay` add its catalog without the default entry carrying it. */
export function registerCatalog(data: CompactCatalog): void {
  sources[data.platform] = data;
}

function indexOf(platform: string): Index | undefined {
  if (indexes[platform]) return indexes[platform];
  const data = sources[platform];
  if (!data) return undefined;
  const byCode = new Map<number | string, CatalogEntry[]>();
  for (const [code, apis, message, kind, hint, extra = ''] of data.rows) {
    const [throttle, action, scope] = extra.split(':');
    const entry: CatalogEntry = Object.freeze({
      code,
      apis: Object.freeze(apis ? apis.split(',') : []),
      message,
      kind: KINDS[kind],
      hint: data.hints[hint][0],
      hintEn: data.hints[hint][1],
      ...(throttle && { throttle: true }),
      ...(action && { action: action as CatalogEntry['action'] }),
      ...(scope && { scope: scope as CatalogEntry['scope'] }),
    });
    const list = byCode.get(code);
    list ? list.push(entry) : byCode.set(code, [entry]);
  }
  const groups: Record<string, string[]> = {};
  for (const name in data.groups) groups[name] = data.groups[name].split(',');
  return (indexes[platform] = { groups, byCode });
}

/** `'my.request'` → `'request'`; anything that is not a non-empty name → undefined. */
export function apiName(api: unknown): string | undefined {
  if (typeof api !== 'string') return undefined;
  const name = api.replace(/^(my|upsdk)\./, '');
  return name || undefined;
}

/**
 * Alipay codes are numbers (a numeric string becomes one); UnionPay codes are strings, as its
 * catalog has them; minicall's own codes are strings on both platforms.
 */
export function codeOf(code: unknown, platform: string = 'alipay'): number | string | undefined {
  if (typeof code === 'number') return code !== code ? undefined : platform === 'unionpay' ? String(code) : code;
  if (typeof code !== 'string' || !(code = code.trim())) return undefined;
  return platform !== 'unionpay' && /^-?\d+$/.test(code as string) ? Number(code) : (code as string);
}

function find(platform: string, api: string | undefined, code: number | string): CatalogEntry | undefined {
  const index = indexOf(platform);
  const candidates = index && index.byCode.get(code);
  if (!candidates) return undefined;
  if (api) {
    for (const e of candidates) if (e.apis.indexOf(api) >= 0) return e;
    for (const e of candidates) {
      for (const a of e.apis) if (a[0] === '@' && (index!.groups[a.slice(1)] || []).indexOf(api) >= 0) return e;
    }
  }
  // A code alone only identifies an entry when every API that documents it agrees on what it means.
  return candidates.every((e) => e.kind === candidates[0].kind) ? candidates[0] : undefined;
}

/** The same lookup as `describe`, with the API optional (UnionPay server codes belong to no API). */
export function lookup(api: string | undefined, code: unknown, platform: string = 'alipay'): CatalogEntry | undefined {
  const c = codeOf(code, platform);
  if (c === undefined) return undefined;
  return find(platform, api, c) || (typeof c === 'string' ? find('minicall', undefined, c) : undefined);
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
