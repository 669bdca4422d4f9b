// minicall/unionpay: UnionPay 云闪付 — its catalog, the merchant server's response helpers, and
// (for pages) a client over `upsdk`. Kept out of the default entry.
import { registerCatalog } from '../../catalog/lookup';
import unionpay from '../../catalog/unionpay.data';

// Makes describe(api, code, 'unionpay') and MiniError entries work once this entry is imported.
registerCatalog(unionpay);

export { checkUnionPayResponse, withUnionPayToken } from './server';
export type { UnionPayResponse, TokenSource } from './server';
