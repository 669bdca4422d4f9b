/** What a failure means for the caller. */
export type Kind = 'cancel' | 'retryable' | 'fatal' | 'pending';

/** The platform whose API failed. */
export type Platform = 'alipay' | 'unionpay';

/** What an integrator's code should do about a UnionPay code. */
export type UnionPayAction =
  'refreshBackendToken' | 'refreshFrontToken' | 'reauthorize' | 'fixConfig' | 'checkClock' | 'retryLater' | 'userAction';

/**
 * What a page should do about a failure. Alipay's: `openSetting` (a permission is off for good,
 * the mini-program's or the phone's, and the hint says where to turn it on; offer a button calling
 * `my.openSetting`, or `my.showAuthGuide` for the phone's), `checkNetwork`, `retryLater`,
 * `fixConfig` (a developer's mistake: parameters, domain whitelist, the app's own permissions),
 * `upgradeClient` (the Alipay client or base library is too old).
 */
export type Action = UnionPayAction | 'openSetting' | 'checkNetwork' | 'upgradeClient';

/** One documented error code, as codes/*.json has it (without the developer-only `solution`). */
export interface CatalogEntry {
  /** Numbers for Alipay's codes, strings for UnionPay's and for minicall's own (`'TIMEOUT'`). */
  readonly code: number | string;
  /** API names without `my.`; `'@bluetooth'` names a group. Empty for codes that apply to any API. */
  readonly apis: readonly string[];
  /** The documented meaning (说明). */
  readonly message: string;
  readonly kind: Kind;
  /** Short text an end user may read, in Chinese. */
  readonly hint: string;
  /** The same hint in English, once `minicall/en` is imported. */
  readonly hintEn?: string;
  /** The code means the server or system is busy: back off longer before retrying. */
  readonly throttle?: boolean;
  /** What the page's code should do, where the catalog knows (see `Action`). */
  readonly action?: Action;
  /** UnionPay only: which table the code comes from. */
  readonly scope?: 'server' | 'frontend';
}

/** The generated, compact form of a catalog (see scripts/gen-catalog.mjs). */
export interface CompactCatalog {
  platform: string;
  /** Group name → a pattern matching exactly its APIs. */
  groups: Record<string, string>;
  /** Distinct "kind letter (+ '!' throttle) + hint (+ '|' + action, then '|' + scope for UnionPay)"; rows point into this list. */
  metas: string[];
  /** One list per API set: [apis joined by ",", code, message, meta index, code, message, meta index, …]. */
  rows: (string | number)[][];
  /** Hints for failures no entry explains, by kind. */
  kindHints?: Record<Kind, string>;
}

/** English hints, index for index with each catalog's `hints` (see `minicall/en`). */
export interface EnglishHints {
  alipay: string[];
  unionpay: string[];
  minicall: string[];
  kinds: Record<Kind, string>;
}
