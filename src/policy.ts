import type { MiniError } from './errors/mini-error.js';
import type { SignalLike } from './signal.js';
import type { Step } from './pipeline.js';

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
  /** Invocations of the host function so far; in an `attempt` event, the number of the attempt starting (1 for the first). */
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
  /** Settles tradePay's 8000/6004 by asking your server; needs `paymentFollowUp` in `steps`. @default undefined (reject `pending` at once) */
  trade?: TradeOptions;
  /** Settles paySignCenter's 7001 by asking your server; needs `paymentFollowUp` in `steps`. @default undefined */
  sign?: SignOptions;
  /**
   * Steps of your own, run inside toast and loading and outside retry, the first listed outermost
   * (see `Step`); `paymentFollowUp` from `minicall/payment` is one. Replaces the client's list. @default []
   */
  steps?: readonly Step[];
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
  steps: readonly Step[];
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
  steps: [],
};

