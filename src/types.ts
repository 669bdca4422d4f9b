/// <reference types="@mini-types/my" preserve="true" />
// Types of `call` and `api`, derived from @mini-types/my so they follow the platform's own typings.
import type { CallPromise } from './client.js';
import type { Policy } from './options.js';

type My = typeof my;
type Fn = (...args: any[]) => any;

/** Every function of `my`. */
export type ApiName = { [K in keyof My]: My[K] extends Fn ? K : never }[keyof My] & string;

/** Functions `api.X` hands back untouched (listeners, contexts, managers, synchronous helpers). */
export type PassthroughName = Extract<
  ApiName,
  `on${string}` | `off${string}` | `create${string}` | `get${string}Manager` | `${string}Sync` | 'canIUse' | 'call'
>;

/** The options of `my[K]`. */
export type OptionsOf<K extends ApiName> = NonNullable<Parameters<My[K]>[0]>;

/** What `my[K]` passes to `success`, else what its native promise resolves to. */
export type ResultOf<K extends ApiName> = OptionsOf<K> extends { success?: (result: infer R) => void } ? R : Awaited<ReturnType<My[K]>>;

/** `api.request(options?, policy?)` ≡ `call('request', options, policy)`; listeners and contexts as the host has them. */
export type Api = {
  [K in ApiName]: K extends PassthroughName ? My[K] : (options?: OptionsOf<K>, policy?: Policy) => CallPromise<ResultOf<K>>;
};

/** Calls `my[name]` as a promise, with the client's policies. */
export interface Call {
  <K extends ApiName>(name: K, options?: OptionsOf<K>, policy?: Policy): CallPromise<ResultOf<K>>;
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
