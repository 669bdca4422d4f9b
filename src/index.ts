/// <reference types="@mini-types/my" preserve="true" />
export { call, api, configure } from './default-client.js';
export { createClient } from './platforms/alipay-client.js';
export { MiniError, isMiniError } from './errors/mini-error.js';
export { describe, classify } from './catalog/lookup.js';
export type { Action, CatalogEntry, Kind, Platform, UnionPayAction } from './catalog/types.js';
export type { Policy, RetryOptions, TradeAnswer, TradeOptions, TradeQueryInfo, TradeStatus, SignOptions, MiniEvent } from './policy.js';
export type { SignalLike } from './signal.js';
export type { CallPromise } from './client-core.js';
export type { Step, StepContext } from './pipeline.js';
export type {
  Api,
  ApiName,
  Call,
  CallName,
  Client,
  Config,
  HostFunction,
  OptionsOf,
  PromisedName,
  ResultOf,
  TaskOf,
  WithData,
} from './types.js';
