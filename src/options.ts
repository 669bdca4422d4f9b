import type { MiniError } from './errors/mini-error';
import type { SignalLike } from './signal';

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

export interface TradeOptions {
  /** Asks your server for the trade's status (it calls alipay.trade.query). */
  query: (info: TradeQueryInfo) => TradeStatus | { tradeStatus: TradeStatus } | PromiseLike<TradeStatus | { tradeStatus: TradeStatus }>;
  /** Give up polling after this many ms. @default 30000 */
  maxWait?: number;
  /** First poll after this many ms; later polls wait a little longer each time, at most 5 s. @default 1000 */
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

function expect(ok: unknown, name: string, what: string, value: unknown): void {
  if (!ok) throw new TypeError(`minicall: expected \`${name}\` to be ${what}, got ${value === null ? 'null' : typeof value === 'number' ? value : typeof value}.`);
}
const isObject = (v: unknown) => !!v && typeof v === 'object';
const isCount = (v: unknown) => typeof v === 'number' && v >= 0 && v < Infinity;

function follow<T extends { query: unknown; maxWait?: number; interval?: number }>(name: string, value: T, base?: T): T {
  expect(isObject(value), name, 'an object', value);
  const merged = { ...base, ...value } as T;
  expect(typeof merged.query === 'function', name + '.query', 'a function', merged.query);
  expect(merged.maxWait === undefined || isCount(merged.maxWait), name + '.maxWait', 'a number of ms', merged.maxWait);
  expect(merged.interval === undefined || isCount(merged.interval), name + '.interval', 'a number of ms', merged.interval);
  return merged;
}

/** Validates `input` and merges it over `base`; partial `retry`, `trade` and `sign` objects merge too. */
export function resolvePolicy(base: ResolvedPolicy, input: Policy | undefined): ResolvedPolicy {
  if (input === undefined) return base;
  expect(isObject(input), 'policy', 'an object', input);
  const out = { ...base };
  for (const key in input) {
    const value = (input as Record<string, any>)[key];
    if (value === undefined) continue;
    if (key === 'timeout') expect(isCount(value), 'timeout', 'a number of ms (0 for none)', value);
    else if (key === 'retry') {
      if (value !== false) {
        expect(isObject(value), 'retry', 'an object or false', value);
        const retry = { ...(base.retry || DEFAULT_RETRY), ...value } as RetryOptions;
        for (const k in retry) expect(isCount((retry as any)[k]), 'retry.' + k, 'a finite number ≥ 0', (retry as any)[k]);
        expect(retry.attempts >= 1 && retry.attempts % 1 === 0, 'retry.attempts', 'a whole number ≥ 1', retry.attempts);
        (out as any).retry = retry;
        continue;
      }
    } else if (key === 'toast') expect(typeof value === 'boolean' || typeof value === 'function', 'toast', 'a boolean or a function', value);
    else if (key === 'locale') expect(value === 'zh-CN' || value === 'en', 'locale', "'zh-CN' or 'en'", value);
    else if (key === 'messages') expect(isObject(value), 'messages', 'an object', value);
    else if (key === 'trade' || key === 'sign') {
      (out as any)[key] = follow(key, value, base[key] as any);
      continue;
    } else if (key === 'onEvent') expect(typeof value === 'function', 'onEvent', 'a function', value);
    else if (key === 'loading') expect(typeof value === 'boolean' || typeof value === 'string', 'loading', 'a boolean or a string', value);
    else if (key === 'idempotent') expect(typeof value === 'boolean', 'idempotent', 'a boolean', value);
    else if (key === 'signal') expect(isObject(value) && 'aborted' in value, 'signal', 'an AbortSignal-like object', value);
    else if (key === 'my' || key === 'upsdk') expect(isObject(value), key, 'the host object', value);
    else if (key !== 'readyTimeout' && key !== 'showToast') throw new TypeError(`minicall: unknown option \`${key}\`.`);
    (out as any)[key] = value;
  }
  return out;
}
