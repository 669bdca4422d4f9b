/**
 * The example's back end on loopback, for tests: the gateway stand-in (its own key pair) and the
 * merchant server (an app key pair made here), its alipay-sdk pointed at the stand-in.
 */
import * as http from 'node:http';
import { listen, type Loopback } from './loopback';

// CommonJS example code, loaded as Node would run it.
const { createApp } = require('../../examples/merchant-server/server.js');
const { createGatewayStandIn, generateKeys } = require('../../examples/merchant-server/gateway-stand-in.js');

export const APP_ID = '2021000000000001';

export interface Shop {
  /** The merchant server's URL. */
  url: string;
  merchant: Loopback;
  gateway: any;
  /** What the merchant server logged. */
  logs: string[];
  /** Holds the next GET /orders answers back this many ms each (a slow network), in order. */
  delayOrders(...ms: number[]): void;
  close(): Promise<void>;
}

/** Starts the gateway stand-in and the merchant server; `config` adds to the merchant's config. */
export async function startShop(config: Record<string, unknown> = {}): Promise<Shop> {
  const app = await generateKeys();
  const gateway = createGatewayStandIn({ appPublicKey: app.publicKey, appId: APP_ID });
  await gateway.listen(0);
  const logs: string[] = [];
  const handle = createApp({
    appId: APP_ID,
    privateKey: app.privateKey,
    alipayPublicKey: gateway.alipayPublicKey,
    endpoint: gateway.url,
    log: (line: string) => logs.push(line),
    ...config,
  });
  const delays: number[] = [];
  const server = http.createServer((req, res) => {
    const delay = req.method === 'GET' && req.url === '/orders' ? delays.shift() : undefined;
    if (!delay) return handle(req, res);
    const timer = setTimeout(() => handle(req, res), delay);
    // A client that gave up (its timeout) takes the timer with it.
    res.on('close', () => clearTimeout(timer));
  });
  const merchant = await listen(server);
  return {
    url: merchant.url,
    merchant,
    gateway,
    logs,
    delayOrders: (...ms) => delays.push(...ms),
    async close() {
      await merchant.close();
      await gateway.close();
    },
  };
}
