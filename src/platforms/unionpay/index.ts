// minicall/unionpay: UnionPay 云闪付 — its catalog, a client over `upsdk` for pages, and helpers
// for the merchant server's UnionPay responses. Kept out of the default entry.
import { registerCatalog } from '../../catalog/registry.js';
import unionpay from '../../catalog/unionpay.data.js';

// Makes describe(api, code, 'unionpay') and UnionPay errors' catalog entries work once this entry is imported.
registerCatalog(unionpay);

export { createUnionPayClient } from './client.js';
export type { UnionPayClient, UnionPayConfig } from './client.js';
export { checkUnionPayResponse, withUnionPayToken } from './server.js';
export type { UnionPayResponse, TokenSource } from './server.js';
