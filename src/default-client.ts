import { createClient } from './platforms/alipay-client.js';
import type { Api, Call, Client, Config } from './types.js';

// The client behind the top-level `call`, `api` and `configure`, made on first use: importing
// minicall does nothing, and a bundle that imports only `describe` drops all of this.
let client: Client | undefined;
const defaultClient = () => client || (client = createClient());

/**
 * Calls any `my.*` API as a promise; failures reject with a `MiniError`.
 *
 * @example
 * const { data } = await call('request', { url: 'https://example.com/orders' });
 */
export const call: Call = (name, options, policy) => defaultClient().call(name, options, policy);

/**
 * `api.X(options?, policy?)` is `call('X', options, policy)`; listeners and contexts come back as the host's own.
 *
 * @example
 * const { authCode } = await api.getAuthCode({ scopes: 'auth_base' }, { toast: false });
 */
export const api: Api = /* @__PURE__ */ new Proxy({} as Api, { get: (_, name) => (defaultClient().api as any)[name] });

/**
 * Sets the default client's config, merged over what it had; usually once in app.js.
 *
 * @example
 * configure({ timeout: 15000, trade: { query: ({ tradeNO }) => askServer(tradeNO) } });
 */
export const configure = (options: Config): void => defaultClient().configure(options);
