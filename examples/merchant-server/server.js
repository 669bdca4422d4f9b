'use strict';
/**
 * The merchant server the example mini-program talks to: plain node:http, no framework.
 *
 *   GET  /orders                   the order list                      → { orders: [...] }
 *   POST /trades                   { orderId } creates an Alipay trade  → 201 { tradeNO }
 *   GET  /trades/:tradeNO/status   asks Alipay (alipay.trade.query)     → { tradeStatus }
 *
 * and, when UnionPay 云闪付 is configured, the routes of ./unionpay.js (POST /unionpay/login and
 * POST /unionpay/tn, for the H5 page in examples/unionpay-h5).
 *
 * Alipay is called through the official alipay-sdk (v4, OpenAPI v3): `sdk.curl('POST',
 * '/v3/alipay/trade/…', { body })`, which signs each request with the app's private key and checks
 * the signature of each answer with Alipay's public key.
 *
 * Keys never live in this repository. Set them in the environment:
 *
 *   ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY (or ALIPAY_PRIVATE_KEY_FILE), ALIPAY_PUBLIC_KEY (or
 *   ALIPAY_PUBLIC_KEY_FILE), optional ALIPAY_ENDPOINT (default https://openapi.alipay.com),
 *   ALIPAY_KEY_TYPE (PKCS1 or PKCS8, default PKCS8), PORT (default 3000), HOST (default 127.0.0.1);
 *   for UnionPay, UNIONPAY_APP_ID, UNIONPAY_SECRET (or UNIONPAY_SECRET_FILE), optional
 *   UNIONPAY_ENDPOINT (default https://open.95516.com) and UNIONPAY_ORDER_URL
 *
 * or try it with no keys at all against the local gateway stand-in (generated keys, nothing
 * leaves the machine):   node examples/merchant-server/server.js --stand-in
 *
 * What pages send is checked before anything reaches alipay-sdk, and Alipay's own error text never
 * reaches a page: failures answer `{ code, message }` with this server's codes and a generic message.
 */
const http = require('node:http');
const { readFileSync } = require('node:fs');
const { randomBytes } = require('node:crypto');
const { AlipaySdk, AlipayRequestError } = require('alipay-sdk');

/** Alipay trade numbers are digits (28 today); anything else is refused before reaching Alipay. */
const TRADE_NO = /^\d{16,64}$/;
const ORDER_ID = /^[A-Za-z0-9_-]{1,32}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,64}$/;
const MAX_BODY_BYTES = 4 * 1024;

/** A shop's orders. Amounts are the server's: a page never decides what is charged. */
const SAMPLE_ORDERS = [
  { id: 'A1001', title: '手冲咖啡豆 250g', amount: '68.00', status: 'unpaid' },
  { id: 'A1002', title: '挂耳咖啡 10 包', amount: '39.90', status: 'unpaid' },
  { id: 'A1003', title: '陶瓷滤杯', amount: '88.00', status: 'paid' },
  { id: 'A1004', title: '玻璃分享壶 600ml', amount: '59.00', status: 'unpaid' },
  { id: 'A1005', title: '咖啡滤纸 100 张', amount: '12.50', status: 'unpaid' },
];

/** What a page is told. Alipay's own messages and codes stay in this server's log. */
const ERRORS = {
  BAD_JSON: [400, '请求格式有误'],
  BAD_ORDER_ID: [400, '订单号有误'],
  BAD_TRADE_NO: [400, '交易号有误'],
  BAD_IDEMPOTENCY_KEY: [400, '请求标识有误'],
  ORDER_NOT_FOUND: [404, '订单不存在'],
  ORDER_ALREADY_PAID: [409, '订单已支付'],
  TRADE_NOT_FOUND: [404, '没有找到这笔交易'],
  NOT_FOUND: [404, '接口不存在'],
  METHOD_NOT_ALLOWED: [405, '请求方法不支持'],
  BODY_TOO_LARGE: [413, '请求内容过大'],
  UNSUPPORTED_MEDIA_TYPE: [415, '请以 JSON 提交'],
  TRADE_CREATE_FAILED: [502, '下单失败，请稍后再试'],
  PAYMENT_QUERY_FAILED: [502, '暂时查不到支付结果，请稍后再试'],
  INTERNAL: [500, '服务开小差了，请稍后再试'],
};

class HttpError extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

function readKey(env, name) {
  if (env[name]) return env[name].replace(/\\n/g, '\n');
  if (env[`${name}_FILE`]) return readFileSync(env[`${name}_FILE`], 'utf8');
  return undefined;
}

/** The config from environment variables (see the top of this file). */
function configFromEnv(env = process.env) {
  return {
    appId: env.ALIPAY_APP_ID,
    privateKey: readKey(env, 'ALIPAY_PRIVATE_KEY'),
    alipayPublicKey: readKey(env, 'ALIPAY_PUBLIC_KEY'),
    endpoint: env.ALIPAY_ENDPOINT || undefined,
    keyType: env.ALIPAY_KEY_TYPE || 'PKCS8',
    ...(env.UNIONPAY_APP_ID && {
      unionpay: {
        appId: env.UNIONPAY_APP_ID,
        secret: readKey(env, 'UNIONPAY_SECRET'),
        endpoint: env.UNIONPAY_ENDPOINT || undefined,
        orderUrl: env.UNIONPAY_ORDER_URL || undefined,
      },
    }),
  };
}

function checkConfig(config) {
  const missing = ['appId', 'privateKey', 'alipayPublicKey'].filter((name) => !config[name]);
  if (missing.length > 0 && !config.sdk) {
    throw new TypeError(
      `merchant server: missing ${missing.join(', ')} — set ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY(_FILE) and ALIPAY_PUBLIC_KEY(_FILE), ` +
        'or pass them to createServer(config); or run with --stand-in to try it locally',
    );
  }
}

function send(res, status, payload, headers = {}) {
  res.writeHead(status, Object.assign({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, headers));
  res.end(JSON.stringify(payload));
}

function sendError(res, code, headers) {
  const [status, message] = ERRORS[code] || ERRORS.INTERNAL;
  send(res, status, { code: ERRORS[code] ? code : 'INTERNAL', message }, headers);
}

/** The JSON body of a request, at most MAX_BODY_BYTES. */
function readJson(req) {
  return new Promise((resolve, reject) => {
    if (!/^application\/json\b/i.test(String(req.headers['content-type'] || ''))) {
      req.resume();
      return reject(new HttpError('UNSUPPORTED_MEDIA_TYPE'));
    }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return reject(new HttpError('BODY_TOO_LARGE'));
      try {
        const value = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
        if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
        resolve(value);
      } catch (malformed) {
        reject(new HttpError('BAD_JSON'));
      }
    });
    req.on('error', reject);
  });
}

/**
 * The request handler, `(req, res) => void`: mount it in any node:http server.
 *
 * @param {object} config
 * @param {string} config.appId
 * @param {string} config.privateKey          the app's private key (PEM)
 * @param {string} config.alipayPublicKey     Alipay's public key (PEM), to check Alipay's answers
 * @param {string} [config.endpoint]          the v3 gateway, default https://openapi.alipay.com
 * @param {'PKCS1'|'PKCS8'} [config.keyType]  default PKCS8
 * @param {number} [config.timeout]           ms alipay-sdk waits for Alipay, default 5000
 * @param {(line: string) => void} [config.log] where failures are logged, default console.error
 * @param {object} [config.unionpay]          UnionPay's config (see ./unionpay.js); without it, no /unionpay routes
 */
function createApp(config = {}) {
  checkConfig(config);
  const sdk =
    config.sdk ||
    new AlipaySdk({
      appId: config.appId,
      privateKey: config.privateKey,
      alipayPublicKey: config.alipayPublicKey,
      keyType: config.keyType || 'PKCS8',
      endpoint: config.endpoint,
      timeout: config.timeout || 5000,
    });
  const log = config.log || ((line) => console.error(line));
  const orders = new Map(SAMPLE_ORDERS.map((order) => [order.id, Object.assign({}, order)]));
  // Required here rather than at the top: unionpay.js requires this file for its helpers.
  const unionpay = config.unionpay && require('./unionpay.js').createUnionPayApp(Object.assign({ log, orders }, config.unionpay));
  /** tradeNO → { outTradeNo, orderId }: the trades this server created. */
  const trades = new Map();
  /** Idempotency-Key → tradeNO: a repeated POST /trades gets the same trade, not a second one. */
  const created = new Map();

  /** Logs what Alipay said, for the operator; the page gets only our own code. */
  function logAlipayFailure(what, error) {
    if (error instanceof AlipayRequestError) {
      log(
        `[merchant] ${what} failed: alipay code=${error.code || '-'} status=${error.responseHttpStatus || '-'} traceId=${error.traceId || '-'}`,
      );
    } else {
      log(`[merchant] ${what} failed: ${error && error.name ? error.name : 'error'}`);
    }
  }

  async function createTrade(req, res) {
    const body = await readJson(req);
    const key = req.headers['idempotency-key'];
    if (key !== undefined && !IDEMPOTENCY_KEY.test(String(key))) throw new HttpError('BAD_IDEMPOTENCY_KEY');
    if (typeof body.orderId !== 'string' || !ORDER_ID.test(body.orderId)) throw new HttpError('BAD_ORDER_ID');
    const order = orders.get(body.orderId);
    if (!order) throw new HttpError('ORDER_NOT_FOUND');
    if (key !== undefined && created.has(key)) return send(res, 200, { tradeNO: created.get(key) });
    if (order.status === 'paid') throw new HttpError('ORDER_ALREADY_PAID');
    const outTradeNo = `${order.id}-${Date.now()}-${randomBytes(4).toString('hex')}`;
    let result;
    try {
      // A real mini-program trade also names its buyer (buyer_open_id, from alipay.system.oauth.token
      // with the page's authCode); the shape of the call is the same.
      result = await sdk.curl('POST', '/v3/alipay/trade/create', {
        body: { out_trade_no: outTradeNo, total_amount: order.amount, subject: order.title, product_code: 'JSAPI_PAY' },
      });
    } catch (error) {
      logAlipayFailure('alipay.trade.create', error);
      throw new HttpError('TRADE_CREATE_FAILED');
    }
    const tradeNO = result.data && result.data.trade_no;
    if (typeof tradeNO !== 'string' || !TRADE_NO.test(tradeNO)) {
      log('[merchant] alipay.trade.create answered without a trade_no');
      throw new HttpError('TRADE_CREATE_FAILED');
    }
    trades.set(tradeNO, { outTradeNo, orderId: order.id });
    if (key !== undefined) created.set(key, tradeNO);
    send(res, 201, { tradeNO });
  }

  async function tradeStatus(res, tradeNO) {
    if (!TRADE_NO.test(tradeNO)) throw new HttpError('BAD_TRADE_NO');
    const trade = trades.get(tradeNO);
    // Only trades this server created: it is nobody's oracle for other trades.
    if (!trade) throw new HttpError('TRADE_NOT_FOUND');
    let result;
    try {
      result = await sdk.curl('POST', '/v3/alipay/trade/query', { body: { trade_no: tradeNO } });
    } catch (error) {
      if (error instanceof AlipayRequestError && error.code === 'ACQ.TRADE_NOT_EXIST') throw new HttpError('TRADE_NOT_FOUND');
      logAlipayFailure('alipay.trade.query', error);
      throw new HttpError('PAYMENT_QUERY_FAILED');
    }
    const status = result.data && result.data.trade_status;
    if (typeof status !== 'string') {
      log('[merchant] alipay.trade.query answered without a trade_status');
      throw new HttpError('PAYMENT_QUERY_FAILED');
    }
    if (status === 'TRADE_SUCCESS' || status === 'TRADE_FINISHED') orders.get(trade.orderId).status = 'paid';
    send(res, 200, { tradeStatus: status });
  }

  async function route(req, res) {
    const url = new URL(req.url || '/', 'http://merchant.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const allow = (method) => {
      if (req.method !== method) throw Object.assign(new HttpError('METHOD_NOT_ALLOWED'), { allow: method });
    };
    if (path === '/orders') {
      allow('GET');
      return send(res, 200, { orders: [...orders.values()] });
    }
    if (path === '/trades') {
      allow('POST');
      return createTrade(req, res);
    }
    const status = /^\/trades\/([^/]+)\/status$/.exec(path);
    if (status) {
      allow('GET');
      let tradeNO;
      try {
        tradeNO = decodeURIComponent(status[1]);
      } catch (malformed) {
        throw new HttpError('BAD_TRADE_NO');
      }
      return tradeStatus(res, tradeNO);
    }
    throw new HttpError('NOT_FOUND');
  }

  return function handle(req, res) {
    if (unionpay && /^\/unionpay(\/|$|\?)/.test(req.url || '')) return unionpay(req, res);
    route(req, res).catch((error) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof HttpError) return sendError(res, error.code, error.allow ? { allow: error.allow } : undefined);
      log(`[merchant] unexpected error: ${error && error.stack ? error.stack : error}`);
      sendError(res, 'INTERNAL');
    });
  };
}

/** A node:http server for `createApp(config)`; call `.listen(port)` yourself (port 0 in tests). */
function createServer(config) {
  return http.createServer(createApp(config));
}

/** `node server.js [--stand-in]` */
async function main(argv = process.argv.slice(2), env = process.env) {
  let config;
  let standIn;
  let unionpayStandIn;
  if (argv.includes('--stand-in')) {
    const { createGatewayStandIn, generateKeys } = require('./gateway-stand-in');
    const app = await generateKeys();
    standIn = createGatewayStandIn({ appPublicKey: app.publicKey, appId: 'stand-in-app' });
    await standIn.listen(0);
    config = { appId: 'stand-in-app', privateKey: app.privateKey, alipayPublicKey: standIn.alipayPublicKey, endpoint: standIn.url };
    console.log(`gateway stand-in on ${standIn.url} (generated keys; nothing reaches Alipay)`);
    const { createUnionPayGatewayStandIn } = require('./unionpay-gateway-stand-in');
    const unionpay = { appId: 'stand-in-unionpay-app', secret: randomBytes(16).toString('hex') };
    unionpayStandIn = createUnionPayGatewayStandIn(unionpay);
    await unionpayStandIn.listen(0);
    config.unionpay = Object.assign(unionpay, { endpoint: unionpayStandIn.url, orderUrl: `${unionpayStandIn.url}/stand-in/order` });
    console.log(`UnionPay stand-in on ${unionpayStandIn.url} (a generated secret; nothing reaches UnionPay)`);
  } else {
    config = configFromEnv(env);
  }
  const server = createServer(config);
  const port = Number(env.PORT || 3000);
  const host = env.HOST || '127.0.0.1';
  server.listen(port, host, () => console.log(`merchant server on http://${host}:${server.address().port}`));
  const stop = () => {
    server.close();
    server.closeAllConnections();
    if (standIn) standIn.close();
    if (unionpayStandIn) unionpayStandIn.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return server;
}

// Exported before main() runs: ./unionpay.js, required while the server starts, needs them.
module.exports = { createApp, createServer, configFromEnv, main, SAMPLE_ORDERS, ERRORS, HttpError, readJson };

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
