// The UnionPay 云闪付 H5 example in a real browser: examples/unionpay-h5's page, bundled by its own
// build.mjs, runs in headless Chromium (the system's, driven by playwright-core) with the upsdk
// stand-in served at UnionPay's upsdk.js URL. The page calls the merchant server's UnionPay routes,
// which call the open-platform stand-in. All on loopback: any other request is blocked and fails
// the test. Screenshots of each scenario's final state go to test-output/unionpay-h5/.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { launchChromium, openTab, until, type Browser, type BrowserTab } from './helpers/browser';
import { httpCall, listen, socketsLeft, unusedPort, type Loopback } from './helpers/loopback';

const ROOT = join(__dirname, '..');
const UPSDK_URL = 'https://open.95516.com/s/open/js/upsdk.js';
const SHOTS = join(ROOT, 'test-output/unionpay-h5');

if (!existsSync(join(ROOT, 'dist/cjs/platforms/unionpay/index.js')) || !existsSync(join(ROOT, 'dist/esm/testing/fake-upsdk.js'))) {
  throw new Error('dist/ is missing: the page is bundled from the build; run `npm run build` first (`npm test` does).');
}

// CommonJS example code, loaded as Node runs it.
const { startSite } = require('../examples/unionpay-h5/serve.cjs');
const { createUnionPayApp, UNIONPAY_ERRORS } = require('../examples/merchant-server/unionpay.js');
const { createUnionPayGatewayStandIn } = require('../examples/merchant-server/unionpay-gateway-stand-in.js');
const { createApp, configFromEnv } = require('../examples/merchant-server/server.js');
// minicall's UnionPay catalog, from the build the page bundles: the hints the page must show.
const { describe: explain } = require('../dist/cjs/index.js');
require('../dist/cjs/platforms/unionpay/index.js');

// Each browser scenario takes 1–4 s; a stuck one fails at this limit with its screenshot taken.
jest.setTimeout(15000);

const hintOf = (api: string, code: string): string => {
  const entry = explain(api, code, 'unionpay');
  if (!entry || typeof entry.hint !== 'string') throw new Error(`no catalog hint for ${api} ${code}`);
  return entry.hint;
};

interface Site {
  url: string;
  gateway: any;
  requests: { method: string; path: string; body: string }[];
  logs: string[];
  close(): Promise<void>;
}

let browser: Browser | undefined;
let bundleDir: string;
let standInScript: string;

// `npm run demo:unionpay` (its second half, over the build `npm test` makes before Jest runs),
// started with the file so that it runs beside the tests below; checked by the last one.
const DEMO_LIMIT_MS = 20000;
let demo: ReturnType<typeof runDemo> | undefined;
let demoChild: ReturnType<typeof spawn> | undefined;

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = (demoChild = spawn(process.execPath, [join(ROOT, 'scripts/demo-unionpay.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    // The demo must end by itself; one that outstays the limit is killed and fails its test.
    const timer = setTimeout(() => child.kill('SIGKILL'), DEMO_LIMIT_MS + 5000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

beforeAll(async () => {
  demo = runDemo();
  bundleDir = mkdtempSync(join(tmpdir(), 'minicall-unionpay-h5-'));
  // The example's own build, as a developer runs it, into a temporary folder: examples/ stays as it is.
  await promisify(execFile)(process.execPath, [join(ROOT, 'examples/unionpay-h5/build.mjs'), '--outdir', bundleDir]);
  standInScript = readFileSync(join(bundleDir, 'upsdk-stand-in.js'), 'utf8');
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
}, 30000);

afterAll(async () => {
  if (demoChild && demoChild.exitCode === null && demoChild.signalCode === null) demoChild.kill('SIGKILL');
  if (demo) await demo;
  if (browser) await browser.close();
  rmSync(bundleDir, { recursive: true, force: true });
  expect(await socketsLeft()).toEqual([]);
});

describe('the page in Chromium', () => {
  let site: Site;
  let tab: BrowserTab;
  let opened = false;

  beforeAll(async () => {
    if (!browser) return; // the file's beforeAll failed, and said why
    tab = await openTab(browser as Browser, { routes: { [UPSDK_URL]: [standInScript, 'text/javascript; charset=utf-8'] } });
  });

  afterAll(() => tab && tab.close());

  beforeEach(async () => {
    site = await startSite({ bundleDir });
  });

  afterEach(async () => {
    if (opened) {
      const name = (expect.getState().currentTestName || 'scenario').replace(/^the page in Chromium /, '');
      const file = `${name.slice(0, 3).replace(/\W/g, '')}-${name
        .slice(4, 60)
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/-+$/, '')}.png`;
      await tab.page.screenshot({ path: join(SHOTS, file) });
      // Leaves the page (its timers and requests end with it) before its server goes.
      await tab.page.goto('about:blank');
      opened = false;
    }
    if (site) await site.close();
  });

  /** Loads the page anew, the upsdk stand-in configured as `standIn` (see upsdk-stand-in.js). */
  async function open(standIn: object, query = ''): Promise<BrowserTab> {
    opened = true;
    await tab.open(`${site.url}/${query}`, { __upsdkStandIn: standIn });
    return tab;
  }

  /** Waits until the page shows `state` with no action running. */
  const settled = (w: BrowserTab, state: string, timeout = 5000) =>
    w.page.waitForSelector(`#app[data-state="${state}"][aria-busy="false"]`, { state: 'attached', timeout });
  const stateOf = async (w: BrowserTab) => [await w.page.getAttribute('#app', 'data-state'), await w.page.textContent('#status')];
  const toasts = (w: BrowserTab) => w.page.locator('.toast').allTextContents();
  const received = () => site.requests.map((r) => ({ method: r.method, path: r.path, body: JSON.parse(r.body) }));
  /** minicall's events as the page logged them; `at` is ms by the page's own clock. */
  const events = (w: BrowserTab) => w.logged(/^\[minicall\] /).map((text) => JSON.parse(text.slice('[minicall] '.length)));
  /** How long the call took, by the page's clock: from its first attempt to its rejection. */
  const waitedFor = (w: BrowserTab) => {
    const all = events(w);
    return all.find((e) => e.type === 'giveup').at - all.find((e) => e.type === 'attempt').at;
  };
  const gatewaySaw = (from = 0) => site.gateway.requests.slice(from).map((r: any) => `${r.name} ${r.resp}`);

  /**
   * Nothing logged as an error, nothing thrown, nothing tried to leave loopback. `expected` lists
   * Chromium's own line for an HTTP error status the scenario provokes ("Failed to load resource").
   */
  function expectCleanPage(w: BrowserTab, expected: RegExp[] = []): void {
    expect(w.problems.filter((p) => !expected.some((e) => e.test(p)))).toEqual([]);
    expect(w.problems).toHaveLength(expected.length);
    expect(w.blocked).toEqual([]);
  }

  it('(a) logs in while the bridge loads slowly, refreshing an expired backend token exactly once', async () => {
    // The merchant server holds a backend token from an earlier login, which has since expired.
    expect((await httpCall('POST', `${site.url}/unionpay/login`, { body: { code: 'earlier-user' } })).status).toBe(200);
    site.gateway.expireBackendTokens();
    const from = site.gateway.requests.length;
    site.requests.length = 0;

    const w = await open({ bridgeDelay: 800 });
    await w.page.click('#login');
    await settled(w, 'logged-in');

    // One refresh, and the exchange tried once more with the new token, for the same code.
    expect(gatewaySaw(from)).toEqual(['token a10', 'backendToken 00', 'token 00']);
    const [expired, refresh, retried] = site.gateway.requests.slice(from);
    expect(expired.body.code).toBe('fake-auth-code');
    expect(retried.body).toEqual({
      appId: expect.any(String),
      backendToken: refresh.params.backendToken,
      code: 'fake-auth-code',
      grantType: 'authorization_code',
    });
    expect(expired.body.backendToken).not.toBe(refresh.params.backendToken);
    // The page shows the openId UnionPay gave, and nothing else reached the merchant server.
    expect(await w.page.textContent('#open-id')).toBe(retried.params.openId);
    expect(await stateOf(w)).toEqual(['logged-in', '已登录']);
    expect(received()).toEqual([{ method: 'POST', path: '/unionpay/login', body: { code: 'fake-auth-code' } }]);
    // minicall held appletAuth back until the bridge had loaded (before that, upsdk drops calls), and called it once.
    const upsdk = w.logged(/^\[upsdk\]/);
    expect(upsdk.findIndex((t) => /bridge loaded/.test(t))).toBeLessThan(upsdk.findIndex((t) => /→ appletAuth/.test(t)));
    expect(w.logged(/→ appletAuth/)).toHaveLength(1);
    expect(await toasts(w)).toEqual([]);
    expectCleanPage(w);
  });

  it('(b) stays silent when the user cancels the payment: no toast, page state unchanged', async () => {
    const w = await open({ fail: [['pay', { msg: '用户取消支付' }]] });
    const before = await stateOf(w);
    await w.page.click('#pay');
    await w.page.waitForSelector('#app[aria-busy="false"]', { state: 'attached' });

    expect(w.logged(/"type":"giveup"/)).toEqual([expect.stringMatching(/"code":"PAY_CANCELLED","kind":"cancel"/)]);
    expect(await w.page.locator('.toast').count()).toBe(0);
    expect(await stateOf(w)).toEqual(before);
    expect(before).toEqual(['idle', '请先登录']);
    expect(await w.page.isHidden('#retry')).toBe(true);
    // The server made a tn for its order at its own price; the page paid with exactly that tn, once.
    expect(received()).toEqual([{ method: 'POST', path: '/unionpay/tn', body: { orderId: 'A1001' } }]);
    const order = site.gateway.requests.find((r: any) => r.name === 'order');
    expect(order).toMatchObject({ resp: '00', body: { txnAmt: '6800' } });
    expect(w.logged(/→ pay/)).toEqual([`[upsdk] → pay ${JSON.stringify({ tn: order.params.tn })}`]);
    expectCleanPage(w);
  });

  it("(c) shows exactly one toast with the catalog's PAY_FAILED hint when the payment fails", async () => {
    const hint = hintOf('pay', 'PAY_FAILED');
    const w = await open({ fail: [['pay', { msg: '交易流水号无效' }]] });
    await w.page.click('#pay');
    await settled(w, 'pay-failed');

    expect(await toasts(w)).toEqual([hint]);
    expect(await stateOf(w)).toEqual(['pay-failed', hint]);
    // upsdk's own text is for developers, not for the page.
    expect(await w.page.textContent('body')).not.toContain('交易流水号无效');
    expect(w.logged(/→ pay/)).toHaveLength(1);
    expect(received().map((r) => r.path)).toEqual(['/unionpay/tn']);
    expectCleanPage(w);
  });

  it("(d) shows c101's hint at once outside the wallet, calling neither upsdk nor the server", async () => {
    const hint = hintOf('appletAuth', 'c101');
    const w = await open({ insideWallet: false }); // the default readyTimeout, 10 s: "at once" is no wait at all
    await w.page.click('#login');
    await settled(w, 'not-in-wallet', 2000);

    expect(waitedFor(w)).toBeLessThan(200);
    expect(await stateOf(w)).toEqual(['not-in-wallet', hint]);
    expect(await toasts(w)).toEqual([hint]);
    expect(w.logged(/→ /)).toEqual([]);
    expect(site.requests).toEqual([]);
    expect(site.gateway.requests).toEqual([]);
    expectCleanPage(w);
  });

  it('(e) fails with NOT_READY after readyTimeout when the bridge never loads, and offers to try again', async () => {
    const hint = hintOf('appletAuth', 'NOT_READY');
    const w = await open({ neverReady: true }, '?readyTimeout=1500');
    await w.page.click('#login');
    await settled(w, 'not-ready');

    // readyTimeout, by the page's clock: not the default 10 s.
    expect(waitedFor(w)).toBeGreaterThanOrEqual(1499);
    expect(waitedFor(w)).toBeLessThan(3000);
    expect(await w.page.isVisible('#retry')).toBe(true);
    expect(await stateOf(w)).toEqual(['not-ready', hint]);
    expect(await toasts(w)).toEqual([hint]);
    // Nothing was handed to a bridge that never loaded, and the server was never asked.
    expect(w.logged(/→ /)).toEqual([]);
    expect(site.requests).toEqual([]);
    expectCleanPage(w);
  });

  it('(f) logs in on "try again" when the bridge loads after the first wait gave up', async () => {
    const w = await open({ bridgeDelay: 2500 }, '?readyTimeout=1500');
    await w.page.click('#login');
    await settled(w, 'not-ready');
    expect(w.logged(/→ appletAuth/)).toEqual([]);

    await w.page.click('#retry');
    await settled(w, 'logged-in');
    expect(await w.page.isHidden('#retry')).toBe(true);
    expect(await w.page.textContent('#open-id')).toMatch(/^up[0-9a-f]{26}$/);
    expect(w.logged(/→ appletAuth/)).toHaveLength(1);
    expect(gatewaySaw()).toEqual(['backendToken 00', 'token 00']);
    expectCleanPage(w);
  });

  it("(g) reads the location, retrying a transient failure (c05) once; Android's JSON string is read too", async () => {
    const w = await open({
      fail: [['getLocationGps', { errcode: 'c05', errmsg: 'config执行成功以后才能调用插件方法' }, { times: 1 }]],
      respond: [['getLocationGps', '{"latitude":"31.2304","longitude":"121.4737"}']],
    });
    await w.page.click('#locate');
    await settled(w, 'located');

    expect(await w.page.textContent('#location')).toBe('31.23, 121.47');
    expect(w.logged(/→ getLocationGps/)).toHaveLength(2);
    expect(w.logged(/"type":"retry"/)).toEqual([expect.stringMatching(/"api":"getLocationGps".*"code":"c05","kind":"retryable"/)]);
    expect(await toasts(w)).toEqual([]);
    expect(await w.page.isHidden('#loading')).toBe(true);
    expectCleanPage(w);
  });

  it("(h) asks the user to authorise again when UnionPay refuses the code (a31), in the server's words, not UnionPay's", async () => {
    site.gateway.answerNext('token', 'a31');
    const w = await open({});
    await w.page.click('#login');
    await settled(w, 'login-failed');

    expect(await stateOf(w)).toEqual(['login-failed', UNIONPAY_ERRORS.AUTH_EXPIRED[1]]);
    const unionpaySaid = site.gateway.requests.find((r: any) => r.resp === 'a31').msg;
    expect(await w.page.textContent('body')).not.toContain(unionpaySaid);
    expect(await w.page.textContent('#open-id')).toBe('未登录');
    expect(site.logs).toEqual([expect.stringMatching(/unionpay token failed: resp=a31 kind=fatal action=reauthorize/)]);
    expectCleanPage(w, [/^console\.error: Failed to load resource: the server responded with a status of 401/]);
  });
});

describe("the merchant server's UnionPay side", () => {
  const APP_ID = 'test-unionpay-app';
  const SECRET = 'test-secret-0123456789';
  let gateway: any;
  let merchant: Loopback;
  let logs: string[];

  async function start(config: Record<string, unknown> = {}) {
    gateway = createUnionPayGatewayStandIn({ appId: APP_ID, secret: SECRET });
    await gateway.listen(0);
    logs = [];
    const app = createUnionPayApp({
      appId: APP_ID,
      secret: SECRET,
      endpoint: gateway.url,
      orderUrl: `${gateway.url}/stand-in/order`,
      log: (line: string) => logs.push(line),
      ...config,
    });
    merchant = await listen(http.createServer(app));
  }

  beforeEach(() => start());

  afterEach(async () => {
    if (merchant) await merchant.close();
    if (gateway) await gateway.close();
  });

  const login = (code: unknown) => httpCall('POST', `${merchant.url}/unionpay/login`, { body: { code } });
  const names = () => gateway.requests.map((r: any) => `${r.name} ${r.resp}`);

  it('signs its backendToken request as UnionPay documents, and keeps the token for later logins', async () => {
    expect((await login('user-1')).json).toEqual({ openId: expect.stringMatching(/^up/) });
    expect((await login('user-2')).status).toBe(200);
    expect(names()).toEqual(['backendToken 00', 'token 00', 'token 00']);
    const { body } = gateway.requests[0];
    expect(Object.keys(body).sort()).toEqual(['appId', 'nonceStr', 'signature', 'timestamp']);
    expect(Math.abs(Number(body.timestamp) - Date.now() / 1000)).toBeLessThan(5);
    // sha256 over the sorted fields, the secret among them, worked out here on its own.
    const signed = `appId=${APP_ID}&nonceStr=${body.nonceStr}&secret=${SECRET}&timestamp=${body.timestamp}`;
    expect(body.signature).toBe(createHash('sha256').update(signed).digest('hex'));
    expect(JSON.stringify(gateway.requests)).not.toContain(SECRET);
  });

  it('shares one refresh among concurrent logins whose backend token expired', async () => {
    await login('warm-up');
    gateway.expireBackendTokens();
    const from = gateway.requests.length;
    const answers = await Promise.all(['u1', 'u2', 'u3', 'u4', 'u5'].map(login));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(
      names()
        .slice(from)
        .filter((n: string) => n.startsWith('backendToken')),
    ).toEqual(['backendToken 00']);
  });

  it.each([
    ['an empty code', ''],
    ['a code with a space', 'a b'],
    ['a code with a slash', '../x'],
    ['a code of 65 characters', 'x'.repeat(65)],
    ['a number', 123],
    ['no code', undefined],
  ])('refuses %s without calling UnionPay', async (_what, code) => {
    const answer = await login(code);
    expect([answer.status, answer.json]).toEqual([400, { code: 'BAD_CODE', message: UNIONPAY_ERRORS.BAD_CODE[1] }]);
    expect(gateway.requests).toEqual([]);
  });

  it.each([
    ['a31 (the code is invalid or used)', ['a31'], 401, 'AUTH_EXPIRED'],
    ['SG99 (a system error)', ['SG99'], 503, 'UNIONPAY_BUSY'],
    ['a10 twice (expired again right after the refresh)', ['a10', 'a10'], 503, 'UNIONPAY_BUSY'],
    ['N62131 (no permission: the configuration)', ['N62131'], 502, 'UNIONPAY_FAILED'],
  ])("answers UnionPay's %s with its own code, never UnionPay's text", async (_what, resps, status, code) => {
    for (const resp of resps) gateway.answerNext('token', resp);
    const answer = await login('user-1');
    expect([answer.status, answer.json]).toEqual([status, { code, message: UNIONPAY_ERRORS[code][1] }]);
    for (const r of gateway.requests.filter((r: any) => r.resp !== '00')) {
      expect(answer.text).not.toContain(r.resp);
      expect(answer.text).not.toContain(r.msg);
    }
    expect(logs[logs.length - 1]).toMatch(new RegExp(`unionpay token failed: resp=${resps[resps.length - 1]} `));
  });

  it('is refused at the backendToken with the wrong secret (BC0025): a generic 502, the code in the log', async () => {
    await merchant.close();
    await gateway.close();
    await start({ secret: 'not-the-secret' });
    const answer = await login('user-1');
    expect([answer.status, answer.json.code]).toEqual([502, 'UNIONPAY_FAILED']);
    expect(names()).toEqual(['backendToken BC0025']);
    expect(logs).toEqual([expect.stringMatching(/unionpay backendToken failed: resp=BC0025 kind=fatal action=fixConfig/)]);
  });

  it('answers 503 when UnionPay cannot be reached', async () => {
    await merchant.close();
    await gateway.close();
    await start({ endpoint: `http://127.0.0.1:${await unusedPort()}`, timeout: 1000 });
    const answer = await login('user-1');
    expect([answer.status, answer.json.code]).toEqual([503, 'UNIONPAY_BUSY']);
    expect(logs[0]).toMatch(/ECONNREFUSED/);
  });

  it("makes a tn for the order at the order's price in fen, and refuses what it must without calling UnionPay", async () => {
    const tn = await httpCall('POST', `${merchant.url}/unionpay/tn`, { body: { orderId: 'A1002', amount: '0.01' } });
    expect([tn.status, tn.json]).toEqual([201, { tn: gateway.requests[gateway.requests.length - 1].params.tn }]);
    expect(gateway.requests[gateway.requests.length - 1].body).toMatchObject({ appId: APP_ID, txnAmt: '3990' });
    const before = gateway.requests.length;
    for (const [orderId, status, code] of [
      ['A1003', 409, 'ORDER_ALREADY_PAID'],
      ['Z9999', 404, 'ORDER_NOT_FOUND'],
      ['../A1001', 400, 'BAD_ORDER_ID'],
    ]) {
      const answer = await httpCall('POST', `${merchant.url}/unionpay/tn`, { body: { orderId } });
      expect([answer.status, answer.json.code]).toEqual([status, code]);
    }
    expect((await httpCall('GET', `${merchant.url}/unionpay/tn`)).headers.allow).toBe('POST');
    expect((await httpCall('POST', `${merchant.url}/unionpay/tn`, { body: 'orderId=A1001' })).status).toBe(415);
    expect(gateway.requests.length).toBe(before);
  });

  it('is mounted by server.js when UnionPay is configured, beside the Alipay routes', async () => {
    const both = await listen(
      http.createServer(createApp({ sdk: {}, log: () => undefined, unionpay: { appId: APP_ID, secret: SECRET, endpoint: gateway.url } })),
    );
    try {
      expect((await httpCall('POST', `${both.url}/unionpay/login`, { body: { code: 'user-1' } })).status).toBe(200);
      expect((await httpCall('GET', `${both.url}/orders`)).status).toBe(200);
      // No order API configured: no tn, in this server's words.
      expect((await httpCall('POST', `${both.url}/unionpay/tn`, { body: { orderId: 'A1001' } })).json.code).toBe('UNIONPAY_NOT_CONFIGURED');
    } finally {
      await both.close();
    }
  });

  it('reads its UnionPay config from the environment, and none without UNIONPAY_APP_ID', () => {
    const config = configFromEnv({ UNIONPAY_APP_ID: APP_ID, UNIONPAY_SECRET: SECRET, UNIONPAY_ORDER_URL: 'http://127.0.0.1:1/order' });
    expect(config.unionpay).toEqual({ appId: APP_ID, secret: SECRET, endpoint: undefined, orderUrl: 'http://127.0.0.1:1/order' });
    expect(configFromEnv({}).unionpay).toBeUndefined();
  });

  it('answers /unionpay/login when run with --stand-in, then stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'examples/merchant-server/server.js'), '--stand-in'], {
      env: { PATH: process.env.PATH || '', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      await until(() => /merchant server on http/.test(out) || child.exitCode !== null, 'the server to start', 10000);
      expect(out).toMatch(/UnionPay stand-in on http:\/\/127\.0\.0\.1:\d+/);
      const url = /merchant server on (http:\/\/[\d.]+:\d+)/.exec(out)![1];
      const answer = await httpCall('POST', `${url}/unionpay/login`, { body: { code: 'user-1' } });
      expect([answer.status, answer.json]).toEqual([200, { openId: expect.stringMatching(/^up/) }]);
      expect((await httpCall('POST', `${url}/unionpay/tn`, { body: { orderId: 'A1001' } })).status).toBe(201);
    } finally {
      const closed = new Promise((resolve) => child.on('close', resolve));
      child.kill('SIGTERM');
      expect(await closed).toBe(0);
    }
  }, 15000);
});

describe('npm run demo:unionpay', () => {
  it('runs its six scenarios in Chromium, prints the trace and exits 0 within 20 s', async () => {
    const { code, stdout, stderr, ms } = await (demo as ReturnType<typeof runDemo>);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(ms).toBeLessThan(DEMO_LIMIT_MS);
    for (const heading of [
      /^1\. Login while the bridge loads slowly, with an expired backend token/m,
      /^2\. Payment cancelled by the user/m,
      /^3\. Logged in, then the payment fails/m,
      /^4\. Outside the wallet/m,
      /^5\. A bridge that never loads/m,
      /^6\. Location, first read failing/m,
    ]) {
      expect(stdout).toMatch(heading);
    }
    // Each call, its code with the catalog's meaning, the refresh, the retry, the toasts and the final states.
    expect(stdout).toMatch(/upsdk: bridge loaded[\s\S]*→ upsdk\.appletAuth/);
    expect(stdout).toMatch(
      /merchant → UnionPay token .* ← a10 不合法的backend_token，或已过期 \[retryable, refreshBackendToken\]\n.*backendToken .* ← 00: a new backendToken/,
    );
    expect(stdout).toMatch(/✗ minicall: rejects PAY_CANCELLED .*\[cancel/);
    expect(stdout).toMatch(/▣ toast "支付失败"/);
    expect(stdout).toMatch(/✗ minicall: rejects c101 不在云闪付 App 内 \[fatal/);
    expect(stdout).toMatch(/✗ minicall: rejects NOT_READY .*\n.*data-state "not-ready".*再试一次 offered/);
    expect(stdout).toMatch(/↻ minicall: c05 .* retry in \d+ ms/);
    expect(stdout).toMatch(/data-state "logged-in"/);
    expect(stdout).not.toMatch(/UNEXPECTED/);
    expect(stdout).toMatch(/All 6 scenarios ended as expected in [\d.]+ s; browser and servers closed\./);
  });
});
