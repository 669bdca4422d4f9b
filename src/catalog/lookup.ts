import type { CatalogEntry, Kind } from './types.js';
import { indexOf } from './registry.js';
import { apiName } from '../api-name.js';

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
export function lookup(api: string | undefined, code: unknown, platform: unknown): CatalogEntry | undefined {
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
