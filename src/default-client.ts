import { createClient } from './create-client';

// The client behind the top-level `call`, `api` and `configure`. Marked pure so that a bundle
// importing only `describe` drops it.
const client = /* @__PURE__ */ createClient();

/**
 * Calls any `my.*` API as a promise; failures reject with a `MiniError`.
 *
 * @example
 * const { data } = await call('request', { url: 'https://example.com/orders' });
 */
export const call = client.call;

/**
 * `api.X(options?, policy?)` is `call('X', options, policy)`; listeners and contexts come back as the host's own.
 *
 * @example
 * const { code } = await api.getAuthCode({ scopes: 'auth_base' }, { toast: false });
 */
export const api = client.api;

/**
 * Sets the default client's config, merged over what it had; usually once in app.js.
 *
 * @example
 * configure({ timeout: 15000, trade: { query: ({ tradeNO }) => fetchStatus(tradeNO) } });
 */
export const configure = client.configure;
