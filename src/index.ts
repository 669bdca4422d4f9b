/// <reference types="@mini-types/my" preserve="true" />
export { call, api, configure } from './default-client';
export { createClient } from './create-client';
export { MiniError, isMiniError } from './errors/mini-error';
export { describe, classify } from './catalog/lookup';
export type { CatalogEntry, Kind, Platform, UnionPayAction } from './catalog/types';
export type { Policy, RetryOptions, TradeOptions, TradeQueryInfo, TradeStatus, SignOptions, MiniEvent } from './options';
export type { SignalLike } from './signal';
export type { CallPromise } from './client';
export type { Api, ApiName, Call, Client, Config, OptionsOf, ResultOf } from './types';
