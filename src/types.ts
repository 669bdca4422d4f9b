/// <reference types="@mini-types/my" preserve="true" />
// Types of `call` and `api`, derived from @mini-types/my and from the table of calling styles
// generated from it (platforms/alipay-surface.data.ts), so they say what the runtime does.
import type { CallPromise } from './client-core.js';
import type { Policy, TradeStatus } from './policy.js';
import type { Surface } from './platforms/alipay-surface.data.js';

type My = typeof my;

/** Every function of `my`: `'request'`, and `'ap.navigateToAlipayPage'` for the nested namespaces. */
export type ApiName = keyof Surface & string;

/** The names `call` and `api` promise: the callback-style functions. */
export type PromisedName = { [K in ApiName]: Surface[K] extends 'p' ? K : never }[ApiName];

/** The host's own function behind a name. */
export type HostFunction<K extends ApiName> = K extends `ap.${infer N}`
  ? N extends keyof typeof my.ap
    ? (typeof my.ap)[N]
    : never
  : K extends `cloud.${infer N}`
    ? N extends keyof typeof my.cloud
      ? (typeof my.cloud)[N]
      : never
    : K extends keyof My
      ? My[K]
      : never;

// The first parameter of every overload (up to four; `ap.navigateToAlipayPage` has two), where
// `Parameters<>` would see only the last one. Fewer overloads fall through to a shorter pattern,
// which TypeScript 5.0 needs (newer versions match the longest for any count).
type FirstParameters<F> = F extends {
  (a: infer A1, ...rest: any[]): any;
  (a: infer A2, ...rest: any[]): any;
  (a: infer A3, ...rest: any[]): any;
  (a: infer A4, ...rest: any[]): any;
}
  ? A1 | A2 | A3 | A4
  : F extends { (a: infer A1, ...rest: any[]): any; (a: infer A2, ...rest: any[]): any; (a: infer A3, ...rest: any[]): any }
    ? A1 | A2 | A3
    : F extends { (a: infer A1, ...rest: any[]): any; (a: infer A2, ...rest: any[]): any }
      ? A1 | A2
      : F extends (a: infer A, ...rest: any[]) => any
        ? A
        : never;

/** The options of `my[K]`, of any of its overloads (never, for a function that takes none). */
export type OptionsOf<K extends ApiName> = Parameters<HostFunction<K>> extends [] ? never : NonNullable<FirstParameters<HostFunction<K>>>;

type SuccessPayload<O> = O extends { success?: (result: infer R) => void } ? R : never;

/** What minicall adds to a payment's result once a follow-up query confirmed it. */
interface Confirmations {
  tradePay: { tradeStatus?: Extract<TradeStatus, 'TRADE_SUCCESS' | 'TRADE_FINISHED'>; confirmedBy?: 'query' };
  paySignCenter: { confirmedBy?: 'query' };
}

/**
 * What a call of `my[K]` resolves to: what its `success` receives, else what the host function
 * returns or its promise resolves to (a function without options included).
 */
export type ResultOf<K extends ApiName> = ([SuccessPayload<OptionsOf<K>>] extends [never]
  ? Awaited<ReturnType<HostFunction<K>>>
  : SuccessPayload<OptionsOf<K>>) &
  (K extends keyof Confirmations ? Confirmations[K] : unknown);

// The typings give the tasks' `abort` an internal bridge argument; the documented call takes none.
type Documented<T> = T extends { abort: unknown } ? Omit<T, 'abort'> & { abort(): void } : T;

type TaskPart<R> =
  R extends PromiseLike<unknown>
    ? [Exclude<keyof R, keyof Promise<unknown>>] extends [never]
      ? undefined
      : Documented<Omit<R, keyof Promise<unknown>>>
    : R extends void
      ? undefined
      : Documented<R>;

/** What the host function hands back besides its callbacks: `request`'s `RequestTask`, `connectSocket`'s socket task. */
export type TaskOf<K extends ApiName> = TaskPart<ReturnType<HostFunction<K>>>;

/** A result whose `data` is `D` (the caller's type for a response body), unless `D` is left out. */
export type WithData<R, D> = [D] extends [never] ? R : R extends { data?: unknown } ? Omit<R, 'data'> & { data: D } : R;

/**
 * `api.request(options?, policy?)` ≡ `call('request', options, policy)`; `api.request<Orders>(…)`
 * types the response's `data`. Functions that are not callback-style are the host's own.
 */
export type Api = {
  [K in ApiName]: K extends PromisedName
    ? <D = never>(options?: OptionsOf<K>, policy?: Policy) => CallPromise<WithData<ResultOf<K>, D>, TaskOf<K>>
    : HostFunction<K>;
};

/** The names `call` takes: every API name, with or without the `my.` prefix. */
export type CallName = ApiName | `my.${ApiName}`;

type Bare<K extends CallName> = Extract<K extends `my.${infer N}` ? N : K, ApiName>;

/** Calls `my[name]` as a promise, with the client's policies. */
export interface Call {
  <K extends CallName>(
    name: K,
    options?: OptionsOf<Bare<K>>,
    policy?: Policy,
  ): CallPromise<ResultOf<Bare<K>>, Bare<K> extends PromisedName ? TaskOf<Bare<K>> : undefined>;
}

export interface Client {
  call: Call;
  api: Api;
  /** Merges into this client's defaults. */
  configure(options: Config): void;
}

/** A client's configuration: the default policy of its calls, and its host. */
export interface Config extends Omit<Policy, 'signal' | 'idempotent'> {
  /** The `my` object to call; default: the global `my`, looked up at each call. */
  my?: object;
}
