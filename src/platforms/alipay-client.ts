import { makeClient } from '../client-core.js';
import { alipayAdapter } from './alipay-adapter.js';
import type { Client, Config } from '../types.js';

/**
 * An isolated client over Alipay's `my`: its own config, retry budget and toast memory.
 *
 * @example
 * const client = createClient({ my: createFakeMy(), toast: false });
 * await client.api.getStorage({ key: 'cart' });
 */
export function createClient(config?: Config): Client {
  return makeClient(alipayAdapter, config) as unknown as Client;
}
