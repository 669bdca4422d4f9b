import { hasEnglish } from './catalog/lookup.js';
import { isObject, own } from './util.js';
import type { MiniError } from './errors/mini-error.js';
import type { SignalLike } from './signal.js';

export interface RetryOptions {
  /** Invocations in all, the first included. @default 3 */
  attempts: number;
  /** Base of the full-jitter backoff, in ms (at least 1000 for throttling codes). @default 300 */
  baseDelay: number;
  /** Longest single wait, in ms; also caps a `Retry-After`. @default 5000 */
  maxDelay: number;
  /** No retry starts once this many ms have passed since the first attempt. @default 15000 */
  maxElapsed: number;
}

/** What `trade.query` is asked about. */
export interface TradeQueryInfo {
  tradeNO?: string;
  orderStr?: string;
  resultCode: string;
}
export type TradeStatus = 'WAIT_BUYER_PAY' | 'TRADE_CLOSED' | 'TRADE_SUCCESS' | 'TRADE_FINISHED';

/**
 * What `trade.query` answers: the trade status (`'TRADE_SUCCESS'`, as your server read it from
 * alipay.trade.query), or an object carrying it as `tradeStatus`. Anything else counts as no answer yet.
 */
export type TradeAnswer = TradeStatus | (string & {}) | { tradeStatus?: TradeStatus | (string & {}) | null } | null | undefined;

export interface TradeOptions {
  /** Asks your server for the trade's status (it calls alipay.trade.query); synchronous or a promise. */
  query: (info: TradeQueryInfo) => TradeAnswer | PromiseLike<TradeAnswer>;
  /** Give up polling after this many ms. @default 30000 */
  maxWait?: number;
  /** First poll after this many ms; each later wait is 1.5× the one before, at least 100 ms, at most 5 s. @default 1000 */
  interval?: number;
  /** Also confirm a 9000 by query before resolving. @default false */
  verify?: boolean;
}

export interface SignOptions {
  /** Asks your server whether the agreement is signed: `true` once it is. */
  query: (info: { resultStatus: string; options: unknown }) => boolean | PromiseLike<boolean>;
  /** @default 30000 */
  maxWait?: number;
  /** @default 1000 */
  interval?: number;
}

export interface MiniEvent {
  readonly type: 'attempt' | 'retry' | 'giveup' | 'followup' | 'toast' | 'success';
  readonly api: string;
  /** Invocations so far. */
  readonly attempt: number;
  /** Before a retry: the wait in ms. */
  readonly delay?: number;
  readonly error?: MiniError;
  readonly tradeStatus?: string;
  /** A toast's text. */
  readonly text?: string;
}

/** Options for one call (the third argument of `call`), and defaults for all calls in `configure`. */
export interface Policy {
  /** Fail with `TIMEOUT` when the host never calls back within this many ms; 0 turns it off. @default 60000 */
  timeout?: number;
  /** Retry transient failures of APIs that are safe to repeat; `false` turns it off. @default { attempts: 3, baseDelay: 300, maxDelay: 5000, maxElapsed: 15000 } */
  retry?: Partial<RetryOptions> | false;
  /** Show the hint of a final failure (never of a cancel); a function may rewrite it or return `false`. @default true */
  toast?: boolean | ((error: MiniError) => string | false | undefined);
  /** Language of hints. @default 'zh-CN' */
  locale?: 'zh-CN' | 'en';
  /** Your own hints, by `'api:code'` (`'request:13'`) or `'code'`. @default {} */
  messages?: Record<string, string>;
  /** Settles tradePay's 8000/6004 by asking your server. @default undefined (reject `pending` at once) */
  trade?: TradeOptions;
  /** Settles paySignCenter's 7001 by asking your server. @default undefined */
  sign?: SignOptions;
  /** Receives every attempt, retry, give-up, follow-up, toast and success. @default undefined */
  onEvent?: (event: MiniEvent) => void;
  /** Show a loading indicator for the call's duration; a string is its text. @default false */
  loading?: boolean | string;
  /** The call is safe to repeat even if its API is not in the safe-to-repeat table. @default false */
  idempotent?: boolean;
  /** Aborts the call, its backoff sleep and its follow-up. */
  signal?: SignalLike;
}

export interface ResolvedPolicy {
  timeout: number;
  retry: RetryOptions | false;
  toast: NonNullable<Policy['toast']>;
  locale: 'zh-CN' | 'en';
  messages: Record<string, string>;
  trade?: TradeOptions;
  sign?: SignOptions;
  onEvent?: Policy['onEvent'];
  loading: boolean | string;
  idempotent: boolean;
  signal?: SignalLike;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 3, baseDelay: 300, maxDelay: 5000, maxElapsed: 15000 };

export const DEFAULTS: ResolvedPolicy = {
  timeout: 60000,
  retry: DEFAULT_RETRY,
  toast: true,
  locale: 'zh-CN',
  messages: {},
  loading: false,
  idempotent: false,
};

/**
 * What each option may be, as the first letters of the `typeof`s it accepts (n: a number of ms,
 * b: boolean, f: function, s: string, o: object). `l` is a locale, `a` a count of attempts, `F` false.
 */
const TYPES: Record<string, string> = {
  timeout: 'n',
  toast: 'bf',
  locale: 'l',
  messages: 'o',
  onEvent: 'f',
  loading: 'bs',
  idempotent: 'b',
  signal: 'o',
  my: 'o',
  upsdk: 'o',
  showToast: 'f',
  showLoading: 'f',
  hideLoading: 'f',
  readyTimeout: 'n',
  retry: 'oF',
  trade: 'o',
  sign: 'o',
  'retry.attempts': 'a',
  'retry.baseDelay': 'n',
  'retry.maxDelay': 'n',
  'retry.maxElapsed': 'n',
  // Inside `trade` and `sign`.
  '.query': 'f',
  '.maxWait': 'n',
  '.interval': 'n',
  '.verify': 'b',
};
const WORDS: Record<string, string> = {
  n: 'a number of ms ≥ 0',
  b: 'a boolean',
  f: 'a function',
  s: 'a string',
  o: 'an object',
  F: 'false',
  l: "'zh-CN', or 'en' after `import 'minicall/en'`",
  a: 'a whole number ≥ 1',
};

const TYPEOF: Record<string, string> = { b: 'boolean', f: 'function', s: 'string', o: 'object' };

function valid(type: string, v: any): boolean {
  if (type === 'n') return typeof v === 'number' && v >= 0 && v < Infinity;
  if (type === 'a') return typeof v === 'number' && v >= 1 && v % 1 === 0;
  if (type === 'l') return v === 'zh-CN' || (v === 'en' && hasEnglish());
  if (type === 'F') return v === false;
  return typeof v === TYPEOF[type] && v !== null;
}

function check(
  name: string,
  value: unknown,
  nested?: boolean,
  types: string | undefined = nested ? own(TYPES, name.replace(/^(trade|sign)(?=\.)/, '')) : name[0] === '.' ? undefined : own(TYPES, name),
): void {
  if (!types) throw new TypeError(`minicall: unknown option \`${name}\`.`);
  if (!types.split('').some((type) => valid(type, value))) {
    // The value itself where it is short and safe to show (a misspelt locale), else its type.
    const got =
      typeof value === 'number' || value === null ? value : typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
    throw new TypeError(
      `minicall: expected \`${name}\` to be ${types
        .split('')
        .map((t) => WORDS[t])
        .join(' or ')}, got ${got}.`,
    );
  }
}

/**
 * The own entries of a caller's object, each read once. A key that throws when read (a getter, a
 * revoked Proxy) is a TypeError that names it, never an unrelated one from deeper inside.
 */
function entriesOf(object: object, name: string): [string, any][] {
  let keys: string[];
  try {
    keys = Object.keys(object);
  } catch (thrown) {
    throw new TypeError(`minicall: the ${name} could not be read.`);
  }
  return keys.map((key): [string, any] => {
    try {
      return [key, (object as Record<string, unknown>)[key]];
    } catch (thrown) {
      throw new TypeError(`minicall: \`${key}\` of the ${name} could not be read.`);
    }
  });
}

/** The page's own hints, copied: strings by key, in a map that no key can reach past. */
function messagesOf(messages: object): Record<string, string> {
  const copy: Record<string, string> = Object.create(null);
  for (const [key, hint] of entriesOf(messages, '`messages`')) {
    if (typeof hint !== 'string')
      throw new TypeError(`minicall: expected \`messages\` to map to strings, got ${typeof hint} for \`${key}\`.`);
    copy[key] = hint;
  }
  return copy;
}

/** Validates `input` and merges it over `base`; partial `retry`, `trade` and `sign` objects merge too. */
export function resolvePolicy(base: ResolvedPolicy, input: Policy | undefined, name = 'config'): ResolvedPolicy {
  if (input === undefined) return base;
  if (!isObject(input))
    throw new TypeError(`minicall: expected the ${name} to be an object, got ${input === null ? 'null' : typeof input}.`);
  const out: Record<string, any> = Object.assign({}, base);
  for (let [key, value] of entriesOf(input, name)) {
    if (value === undefined) continue;
    check(key, value);
    if (key === 'messages') value = messagesOf(value);
    if (isObject(value) && (key === 'retry' || key === 'trade' || key === 'sign')) {
      // Partial objects merge over what the client has: `retry: { baseDelay: 10 }` keeps 3 attempts.
      const merged = Object.assign({}, key === 'retry' ? out.retry || DEFAULT_RETRY : out[key]);
      for (const [k, v] of entriesOf(value, '`' + key + '`')) {
        if (v === undefined) continue;
        check(key + '.' + k, v, true);
        merged[k] = v;
      }
      value = merged;
      if (key !== 'retry') check(key + '.query', value.query, true);
    }
    out[key] = value;
  }
  return out as ResolvedPolicy;
}
