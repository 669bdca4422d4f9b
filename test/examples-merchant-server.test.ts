// The example merchant server and the gateway stand-in, over real HTTP on loopback: alipay-sdk v4
// signs its requests and checks the stand-in's signed answers; what pages send is validated before
// it reaches the sdk; Alipay's own error text never reaches a page.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpCall, socketsLeft, unusedPort } from './helpers/loopback';
import { APP_ID, startShop, type Shop } from './helpers/shop';

const { AlipaySdk, AlipayRequestError } = require('alipay-sdk');
const { configFromEnv, createServer } = require('../examples/merchant-server/server.js');
const { createGatewayStandIn, generateKeys } = require('../examples/merchant-server/gateway-stand-in.js');

const SERVER = join(__dirname, '../examples/merchant-server/server.js');

let shop: Shop;

beforeAll(async () => {
  shop = await startShop();
});

afterAll(async () => {
  await shop.close();
  expect(await socketsLeft()).toEqual([]);
});

const queries = () => shop.gateway.requests.filter((r: any) => r.path === '/v3/alipay/trade/query').length;
const createTrade = async (orderId: string, headers: Record<string, string> = {}) =>
  httpCall('POST', `${shop.url}/trades`, { body: { orderId }, headers });

describe('GET /orders', () => {
  it('lists the orders', async () => {
    const answer = await httpCall('GET', `${shop.url}/orders`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.json.orders[0]).toEqual({ id: 'A1001', title: expect.any(String), amount: '68.00', status: 'unpaid' });
  });
});

describe('POST /trades', () => {
  it('creates the trade at Alipay (alipay.trade.create through alipay-sdk) and answers its trade number', async () => {
    const answer = await httpCall('POST', `${shop.url}/trades`, { body: { orderId: 'A1001', amount: '0.01' } });
    expect(answer.status).toBe(201);
    expect(answer.json).toEqual({ tradeNO: expect.stringMatching(/^\d{28}$/) });
    const create = shop.gateway.requests.find((r: any) => r.path === '/v3/alipay/trade/create');
    // Signed by the app's key, checked by the stand-in; the amount is the server's, not the page's.
    expect(create.verified).toBe(true);
    expect(create.body).toMatchObject({ total_amount: '68.00', product_code: 'JSAPI_PAY', out_trade_no: expect.stringMatching(/^A1001-/) });
  });

  it('answers a repeated request with the same Idempotency-Key with the same trade', async () => {
    const before = shop.gateway.trades.size;
    const key = 'checkout-A1002-test-1';
    const first = await createTrade('A1002', { 'Idempotency-Key': key });
    const second = await createTrade('A1002', { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.json.tradeNO).toBe(first.json.tradeNO);
    expect(shop.gateway.trades.size).toBe(before + 1);
  });

  it.each([
    ['a body that is not JSON', { body: '{"orderId":', headers: { 'content-type': 'application/json' } }, 400, 'BAD_JSON'],
    ['a JSON array', { body: '[]', headers: { 'content-type': 'application/json' } }, 400, 'BAD_JSON'],
    [
      'a form instead of JSON',
      { body: 'orderId=A1001', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['a malformed order id', { body: { orderId: '../A1001' } }, 400, 'BAD_ORDER_ID'],
    ['an order id that is not a string', { body: { orderId: 1001 } }, 400, 'BAD_ORDER_ID'],
    ['an unknown order', { body: { orderId: 'Z9999' } }, 404, 'ORDER_NOT_FOUND'],
    ['a paid order', { body: { orderId: 'A1003' } }, 409, 'ORDER_ALREADY_PAID'],
    ['a body over 4 KB', { body: { orderId: 'A1001', pad: 'x'.repeat(5000) } }, 413, 'BODY_TOO_LARGE'],
    ['a malformed Idempotency-Key', { body: { orderId: 'A1001' }, headers: { 'Idempotency-Key': 'bad key!' } }, 400, 'BAD_IDEMPOTENCY_KEY'],
  ])('refuses %s without calling Alipay', async (_what, request, status, code) => {
    const before = shop.gateway.requests.length;
    const answer = await httpCall('POST', `${shop.url}/trades`, request as { body: string | object; headers?: Record<string, string> });
    expect(answer.status).toBe(status);
    expect(answer.json).toEqual({ code, message: expect.any(String) });
    expect(shop.gateway.requests.length).toBe(before);
  });

  it('answers 405 with Allow for another method, and 404 for an unknown path', async () => {
    const wrong = await httpCall('GET', `${shop.url}/trades`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect((await httpCall('GET', `${shop.url}/admin`)).json.code).toBe('NOT_FOUND');
  });
});

describe('GET /trades/:tradeNO/status', () => {
  it('asks Alipay (alipay.trade.query) and answers each status in turn; a paid trade marks its order paid', async () => {
    shop.gateway.scriptNextTrade(['WAIT_BUYER_PAY', 'TRADE_SUCCESS']);
    const { json } = await createTrade('A1004');
    const first = await httpCall('GET', `${shop.url}/trades/${json.tradeNO}/status`);
    const second = await httpCall('GET', `${shop.url}/trades/${json.tradeNO}/status`);
    expect([first.status, first.json]).toEqual([200, { tradeStatus: 'WAIT_BUYER_PAY' }]);
    expect([second.status, second.json]).toEqual([200, { tradeStatus: 'TRADE_SUCCESS' }]);
    const query = shop.gateway.requests.filter((r: any) => r.path === '/v3/alipay/trade/query').pop();
    expect(query).toMatchObject({ method: 'POST', body: { trade_no: json.tradeNO }, verified: true });
    const orders = await httpCall('GET', `${shop.url}/orders`);
    expect(orders.json.orders.find((o: any) => o.id === 'A1004').status).toBe('paid');
  });

  it.each(['abc', '123', '1'.repeat(65), '2024%2F..%2F', '20241122220010000000%20OR%201', '%E0%A4%A'])(
    'answers 400 for the malformed trade number %s, which never reaches alipay-sdk',
    async (tradeNO) => {
      const before = queries();
      const answer = await httpCall('GET', `${shop.url}/trades/${tradeNO}/status`);
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ code: 'BAD_TRADE_NO', message: '交易号有误' });
      expect(queries()).toBe(before);
    },
  );

  it('answers 404 for a well-formed trade number it did not create, without asking Alipay', async () => {
    const before = queries();
    const answer = await httpCall('GET', `${shop.url}/trades/2024112222001000000000000001/status`);
    expect(answer.status).toBe(404);
    expect(answer.json.code).toBe('TRADE_NOT_FOUND');
    expect(queries()).toBe(before);
  });

  it("maps Alipay's ACQ.TRADE_NOT_EXIST to its own 404, in its own words", async () => {
    shop.gateway.scriptNextTrade(['NOT_EXIST']);
    const { json } = await createTrade('A1005');
    const answer = await httpCall('GET', `${shop.url}/trades/${json.tradeNO}/status`);
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ code: 'TRADE_NOT_FOUND', message: '没有找到这笔交易' });
    expect(answer.text).not.toMatch(/ACQ|交易不存在/);
  });

  it("answers a gateway failure with a generic 502 and keeps Alipay's text in the log", async () => {
    shop.gateway.scriptNextTrade(['SYSTEM_ERROR']);
    const { json } = await createTrade('A1005');
    shop.logs.length = 0;
    const answer = await httpCall('GET', `${shop.url}/trades/${json.tradeNO}/status`);
    expect(answer.status).toBe(502);
    expect(answer.json).toEqual({ code: 'PAYMENT_QUERY_FAILED', message: '暂时查不到支付结果，请稍后再试' });
    expect(answer.text).not.toMatch(/SYSTEM_ERROR|系统繁忙|traceId/);
    expect(shop.logs).toEqual([expect.stringMatching(/alipay\.trade\.query failed: alipay code=SYSTEM_ERROR status=500 traceId=\w+/)]);
  });

  it('refuses an answer whose signature does not verify (alipay-sdk checks it), with the same generic 502', async () => {
    const { json } = await createTrade('A1005');
    shop.logs.length = 0;
    shop.gateway.signWrongly(true);
    try {
      const answer = await httpCall('GET', `${shop.url}/trades/${json.tradeNO}/status`);
      expect(answer.status).toBe(502);
      expect(answer.json.code).toBe('PAYMENT_QUERY_FAILED');
      expect(shop.logs[0]).toMatch(/code=response-signature-verify-error/);
    } finally {
      shop.gateway.signWrongly(false);
    }
  });
});

describe('keys and configuration', () => {
  it("is refused by the gateway when signed with a key that is not the app's (401 → 502 for the page)", async () => {
    const other = await generateKeys();
    const forged = await startShop({ privateKey: other.privateKey });
    try {
      const answer = await httpCall('POST', `${forged.url}/trades`, { body: { orderId: 'A1001' } });
      expect(answer.status).toBe(502);
      expect(answer.json.code).toBe('TRADE_CREATE_FAILED');
      expect(forged.gateway.requests[0].verified).toBe(false);
      expect(forged.logs[0]).toMatch(/code=invalid-signature status=401/);
    } finally {
      await forged.close();
    }
  });

  it('answers 502 when Alipay cannot be reached', async () => {
    const unreachable = await startShop({ endpoint: `http://127.0.0.1:${await unusedPort()}`, timeout: 1000 });
    try {
      const answer = await httpCall('POST', `${unreachable.url}/trades`, { body: { orderId: 'A1001' } });
      expect(answer.status).toBe(502);
      expect(answer.json.code).toBe('TRADE_CREATE_FAILED');
    } finally {
      await unreachable.close();
    }
  });

  it('refuses to start without keys, naming the environment variables', () => {
    expect(() => createServer({})).toThrow(/ALIPAY_APP_ID.*ALIPAY_PRIVATE_KEY.*ALIPAY_PUBLIC_KEY/);
  });

  it('reads its config from the environment, keys inline (\\n escaped) or from files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minicall-keys-'));
    try {
      const keys = await generateKeys();
      writeFileSync(join(dir, 'alipay.pem'), keys.publicKey);
      const config = configFromEnv({
        ALIPAY_APP_ID: APP_ID,
        ALIPAY_PRIVATE_KEY: keys.privateKey.replace(/\n/g, '\\n'),
        ALIPAY_PUBLIC_KEY_FILE: join(dir, 'alipay.pem'),
        ALIPAY_ENDPOINT: 'http://127.0.0.1:1',
      });
      expect(config).toEqual({
        appId: APP_ID,
        privateKey: keys.privateKey,
        alipayPublicKey: keys.publicKey,
        endpoint: 'http://127.0.0.1:1',
        keyType: 'PKCS8',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps every key out of the repository: no PEM key in examples/ or test/', () => {
    const pem = new RegExp(['-----BEGIN', '[A-Z ]*', 'KEY-----'].join(''));
    const files = (dir: string): string[] =>
      readdirSync(dir).reduce<string[]>((all, name) => {
        const path = join(dir, name);
        return all.concat(statSync(path).isDirectory() ? files(path) : [path]);
      }, []);
    const found = files(join(__dirname, '../examples'))
      .concat(files(__dirname))
      .filter((path) => pem.test(readFileSync(path, 'utf8')));
    expect(found).toEqual([]);
  });

  it('exits 1 with a clear message when run without keys', async () => {
    const child = spawn(process.execPath, [SERVER], { env: { PATH: process.env.PATH || '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/--stand-in/);
  });

  it('runs on its own with --stand-in: answers on loopback, then stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [SERVER, '--stand-in'], {
      env: { PATH: process.env.PATH || '', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const match = /merchant server on (http:\/\/[\d.]+:\d+)/.exec(out);
          if (match) resolve(match[1]);
        });
        child.on('close', () => reject(new Error(`exited early: ${out}`)));
      });
      const trade = await httpCall('POST', `${url}/trades`, { body: { orderId: 'A1001' } });
      expect(trade.status).toBe(201);
      const status = await httpCall('GET', `${url}/trades/${trade.json.tradeNO}/status`);
      expect(status.json).toEqual({ tradeStatus: 'WAIT_BUYER_PAY' });
    } finally {
      const closed = new Promise((resolve) => child.on('close', resolve));
      child.kill('SIGTERM');
      expect(await closed).toBe(0);
    }
  });
});

describe('the gateway stand-in', () => {
  it('signs answers the way alipay-sdk v4 checks them, and the sdk accepts them', async () => {
    const app = await generateKeys();
    const gateway = createGatewayStandIn({ appPublicKey: app.publicKey });
    await gateway.listen(0);
    try {
      gateway.scriptNextTrade(['TRADE_FINISHED']);
      const sdk = new AlipaySdk({
        appId: APP_ID,
        privateKey: app.privateKey,
        keyType: 'PKCS8',
        alipayPublicKey: gateway.alipayPublicKey,
        endpoint: gateway.url,
      });
      const created = await sdk.curl('POST', '/v3/alipay/trade/create', {
        body: { out_trade_no: 'T1', total_amount: '1.00', subject: 'x' },
      });
      expect(created).toMatchObject({
        responseHttpStatus: 200,
        data: { out_trade_no: 'T1', trade_no: expect.any(String) },
        traceId: expect.any(String),
      });
      const queried = await sdk.curl('POST', '/v3/alipay/trade/query', { body: { out_trade_no: 'T1' } });
      expect(queried.data).toMatchObject({ trade_status: 'TRADE_FINISHED', trade_no: created.data.trade_no });
      // Another key pair's public key: the sdk refuses the very same answer.
      const wrongKey = new AlipaySdk({
        appId: APP_ID,
        privateKey: app.privateKey,
        keyType: 'PKCS8',
        alipayPublicKey: (await generateKeys()).publicKey,
        endpoint: gateway.url,
      });
      await expect(wrongKey.curl('POST', '/v3/alipay/trade/query', { body: { out_trade_no: 'T1' } })).rejects.toMatchObject({
        name: 'AlipayRequestError',
        code: 'response-signature-verify-error',
      });
      // v3 errors: HTTP ≥ 400, { code, message }, thrown as AlipayRequestError.
      const missing = await sdk.curl('POST', '/v3/alipay/trade/query', { body: { trade_no: '1' } }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(AlipayRequestError);
      expect(missing).toMatchObject({ code: 'ACQ.TRADE_NOT_EXIST', responseHttpStatus: 400 });
    } finally {
      await gateway.close();
    }
  });

  it('rejects an unknown scripted status', () => {
    const gateway = createGatewayStandIn();
    expect(() => gateway.scriptNextTrade(['PAID'])).toThrow(/unknown trade status PAID/);
  });
});
