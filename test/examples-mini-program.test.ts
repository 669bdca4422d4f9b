// The example mini-program, run for real on loopback: its pages' JS (as the IDE would load it)
// against the fake `my` in network mode, calling the example merchant server, whose alipay-sdk
// talks to the gateway stand-in with real signatures both ways.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createFakeMy, type FakeMy } from '../src/testing/index';
import { httpCall, socketsLeft } from './helpers/loopback';
import { handlersIn, loadMiniProgram, type MiniProgram } from './helpers/mini-program';
import { startShop, type Shop } from './helpers/shop';

const ROOT = join(__dirname, '../examples/alipay-mini-program');
const PAGES = ['pages/orders/orders', 'pages/checkout/checkout', 'pages/stores/stores', 'pages/profile/profile'];

let shop: Shop;
let program: MiniProgram;
let events: any[] = [];

/** A fresh fake host for one scenario, with real HTTP; navigation answers like the platform. */
function host(): FakeMy {
  const fake = createFakeMy({ network: 'http' }).respond('navigateTo', {}).respond('navigateBack', {});
  program.setHost(fake);
  events = [];
  return fake;
}

const checkout = (orderId: string, amount: string) =>
  program.open('pages/checkout/checkout', { orderId, title: encodeURIComponent('测试商品'), amount });

beforeAll(async () => {
  shop = await startShop();
  program = loadMiniProgram(ROOT);
  // The one place the pages' server and waits are set: short waits keep real timers fast.
  program.require('./config.js').setSettings({ baseUrl: shop.url, requestTimeout: 300, tradeInterval: 20, tradeMaxWait: 3000 });
  await program.launch();
  program.minicall.configure({ onEvent: (event: unknown) => events.push(event) });
});

afterAll(async () => {
  program.close();
  await shop.close();
  expect(await socketsLeft()).toEqual([]);
});

describe('the order list (pages/orders)', () => {
  it('survives a response slower than its timeout: 13, one retry, then the list; no toast', async () => {
    const fake = host();
    shop.delayOrders(1500);
    const page = program.open('pages/orders/orders');
    expect(page.data.status).toBe('loading');
    await page.$ready;
    expect(page.data.status).toBe('ready');
    expect(page.data.orders.map((o: any) => o.id)).toEqual(['A1001', 'A1002', 'A1003', 'A1004', 'A1005']);
    expect(fake.count('request')).toBe(2);
    const retry = events.find((e) => e.type === 'retry');
    expect(retry).toMatchObject({ api: 'request', attempt: 1, error: { code: 13, kind: 'retryable' } });
    expect(retry.error.entry.message).toBe('超时。');
    expect(fake.toasts).toEqual([]);
    // The loading indicator covered both attempts and is gone.
    expect(fake.calls.filter((c) => /Loading$/.test(c.api)).map((c) => c.api)).toEqual(['showLoading', 'hideLoading']);
    expect(fake.loading).toBe(false);
  });

  it('shows one toast and a retry button when the network stays down; the retry button then loads', async () => {
    const fake = host().fail('request', 12);
    const page = program.open('pages/orders/orders');
    await page.$ready;
    expect(page.data).toMatchObject({ status: 'error', showRetry: true });
    expect(fake.count('request')).toBe(3);
    expect(fake.toasts).toEqual(['网络异常，请稍后重试']);
    fake.reset();
    await program.tap(page, 'onRetryTap');
    expect(page.data.status).toBe('ready');
  });

  it('opens the checkout of an unpaid order, and not of a paid one', async () => {
    const fake = host();
    const page = program.open('pages/orders/orders');
    await page.$ready;
    await program.tap(page, 'onOrderTap', { id: 'A1002' });
    await program.tap(page, 'onOrderTap', { id: 'A1003' });
    const navigations = fake.calls.filter((c) => c.api === 'navigateTo');
    expect(navigations).toHaveLength(1);
    expect(navigations[0].options.url).toMatch(/^\/pages\/checkout\/checkout\?orderId=A1002&/);
  });
});

describe('the checkout (pages/checkout)', () => {
  it('pays with 9000 at once: one trade created, tradePay invoked once, no query', async () => {
    const fake = host();
    const page = checkout('A1002', '39.90');
    await page.$ready;
    await program.tap(page, 'onPayTap');
    expect(page.data).toMatchObject({ state: 'paid', confirmedBy: 'cashier' });
    expect(fake.count('tradePay')).toBe(1);
    expect(fake.calls.find((c) => c.api === 'tradePay')!.options.tradeNO).toBe(page.data.tradeNO);
    expect(shop.gateway.trades.get(page.data.tradeNO).queries).toBe(0);
    expect(page.$renders.map((r) => r.state)).toEqual(['idle', 'creating', 'paying', 'paid']);
  });

  it('settles an 8000 by asking the server: WAIT_BUYER_PAY, then TRADE_SUCCESS → paid', async () => {
    const fake = host().fail('tradePay', 8000);
    shop.gateway.scriptNextTrade(['WAIT_BUYER_PAY', 'TRADE_SUCCESS']);
    const page = checkout('A1001', '68.00');
    await page.$ready;
    await program.tap(page, 'onPayTap');
    expect(page.data).toMatchObject({ state: 'paid', confirmedBy: 'query' });
    expect(fake.count('tradePay')).toBe(1);
    // Two status questions, each through minicall's request and the merchant's alipay-sdk.
    const tradeNO = page.data.tradeNO;
    expect(fake.calls.filter((c) => c.api === 'request' && c.options.url.endsWith(`/trades/${tradeNO}/status`))).toHaveLength(2);
    expect(shop.gateway.trades.get(tradeNO).queries).toBe(2);
    expect(events.filter((e) => e.type === 'followup').map((e) => e.tradeStatus)).toEqual(['WAIT_BUYER_PAY', 'TRADE_SUCCESS']);
    expect(shop.gateway.requests.every((r: any) => r.verified)).toBe(true);
    expect(fake.toasts).toEqual([]);
    // The server knows the order is paid now.
    const orders = program.open('pages/orders/orders');
    await orders.$ready;
    expect(orders.data.orders.find((o: any) => o.id === 'A1001').status).toBe('paid');
  });

  it('shows the closed state when a 6004 turns out to be TRADE_CLOSED, with the page’s own toast', async () => {
    const fake = host().fail('tradePay', 6004);
    shop.gateway.scriptNextTrade(['TRADE_CLOSED']);
    const page = checkout(await unpaidOrder(), '39.90');
    await page.$ready;
    await program.tap(page, 'onPayTap');
    expect(page.data.state).toBe('closed');
    expect(fake.count('tradePay')).toBe(1);
    expect(events.filter((e) => e.type === 'followup').map((e) => e.tradeStatus)).toEqual(['TRADE_CLOSED']);
    expect(fake.toasts).toEqual(['交易已关闭，未扣款']);
  });

  it('keeps waiting through a query the server cannot answer (trade not found at Alipay yet), then pays', async () => {
    const fake = host().fail('tradePay', 6004);
    shop.gateway.scriptNextTrade(['NOT_EXIST', 'TRADE_SUCCESS']);
    const page = checkout(await unpaidOrder(), '1.00');
    await page.$ready;
    await program.tap(page, 'onPayTap');
    expect(page.data).toMatchObject({ state: 'paid', confirmedBy: 'query' });
    // The 404 was "no answer yet" for the poll: no toast, no page error.
    expect(fake.toasts).toEqual([]);
  });

  it('treats a cancelled cashier (6001) as the user’s choice: back to idle, no toast, no query', async () => {
    const fake = host().fail('tradePay', 6001);
    const page = checkout(await unpaidOrder(), '1.00');
    await page.$ready;
    await program.tap(page, 'onPayTap');
    expect(page.data.state).toBe('idle');
    expect(fake.toasts).toEqual([]);
    expect(shop.gateway.trades.get(page.data.tradeNO).queries).toBe(0);
  });
});

describe('the nearest store (pages/stores)', () => {
  it('locates the user and names the nearest store, without a toast', async () => {
    const fake = host().respond('getLocation', { longitude: '120.2', latitude: '30.2' });
    const page = program.open('pages/stores/stores');
    expect(page.data.status).toBe('locating');
    await page.$ready;
    expect(page.data).toEqual({ status: 'ready', nearest: '滨江店', problem: '', canOpenSetting: false, guided: false });
    expect(fake.toasts).toEqual([]);
  });

  it('offers the settings when location is off for good (2003), and locates once the user turns it on', async () => {
    const fake = host()
      .fail('getLocation', 2003, { times: 1 })
      .respond('getSetting', { authSetting: { location: false } })
      .respond('openSetting', { authSetting: { location: true } });
    const page = program.open('pages/stores/stores');
    await page.$ready;
    expect(page.data).toEqual({
      status: 'failed',
      nearest: '',
      problem: '请在小程序设置中开启位置权限',
      canOpenSetting: true,
      guided: false,
    });
    // The page shows the hint itself, next to the button: no toast on top of it.
    expect(fake.toasts).toEqual([]);

    await program.tap(page, 'onOpenSettingTap');
    expect(fake.calls.map((c) => c.api)).toEqual(['getLocation', 'getSetting', 'openSetting', 'getLocation']);
    expect(page.data).toMatchObject({ status: 'ready', nearest: '西湖店', canOpenSetting: false });
  });

  it("guides to the phone's settings when the phone keeps location from Alipay (11), and locates when the page shows again", async () => {
    const fake = host()
      .fail('getLocation', 11, { times: 1 })
      .respond('getSetting', { authSetting: { location: true } })
      .respond('showAuthGuide', { shown: true });
    const page = program.open('pages/stores/stores');
    await page.$ready;
    expect(page.data).toMatchObject({ status: 'failed', problem: '请在手机设置中开启定位权限', canOpenSetting: true });
    await program.tap(page, 'onOpenSettingTap');
    expect(fake.calls.map((c) => c.api)).toEqual(['getLocation', 'getSetting', 'showAuthGuide']);
    await page.onShow();
    expect(page.data).toMatchObject({ status: 'ready', guided: false });
    expect(fake.count('getLocation')).toBe(2);
  });

  it('stays on the hint when the user comes back with location still off', async () => {
    const fake = host()
      .fail('getLocation', 2002)
      .respond('getSetting', { authSetting: { location: false } })
      .respond('openSetting', { authSetting: { location: false } });
    const page = program.open('pages/stores/stores');
    await page.$ready;
    await program.tap(page, 'onOpenSettingTap');
    expect(fake.count('openSetting')).toBe(1);
    expect(fake.count('getLocation')).toBe(1);
    expect(page.data).toMatchObject({ status: 'failed', canOpenSetting: true });
  });

  it('offers a retry, not the settings, when the user refused this once (2001): the next call asks again', async () => {
    const fake = host().fail('getLocation', 2001, { times: 1 });
    const page = program.open('pages/stores/stores');
    await page.$ready;
    expect(page.data).toMatchObject({ status: 'failed', problem: '需要您的授权才能继续', canOpenSetting: false });
    await program.tap(page, 'onRetryTap');
    expect(fake.count('getLocation')).toBe(2);
    expect(page.data.status).toBe('ready');
  });
});

describe('the profile (pages/profile)', () => {
  it('stays silent and unchanged when the user declines authorisation (getAuthCode 10)', async () => {
    const fake = host().fail('getAuthCode', 10);
    const page = program.open('pages/profile/profile');
    await page.$ready;
    const before = JSON.parse(JSON.stringify(page.data));
    await program.tap(page, 'onLoginTap');
    expect(fake.count('getAuthCode')).toBe(1);
    expect(page.data).toEqual(before);
    expect(page.$renders).toEqual([]);
    expect(fake.toasts).toEqual([]);
    expect(events.find((e) => e.type === 'giveup').error).toMatchObject({ code: 10, kind: 'cancel' });
  });

  it('shows the authorised state when the user agrees', async () => {
    host().respond('getAuthCode', { authCode: 'code-1', authSuccessScopes: ['auth_user'] });
    const page = program.open('pages/profile/profile');
    await page.$ready;
    await program.tap(page, 'onLoginTap');
    expect(page.data).toEqual({ authorized: true, scopes: ['auth_user'], failed: false });
  });

  it('marks a real failure (not a cancel) and shows one toast', async () => {
    // A program of its own: minicall shows a text at most once per 2 s per client, and the
    // network failure above already showed a toast.
    const own = loadMiniProgram(ROOT);
    own.require('./config.js').setSettings({ baseUrl: shop.url });
    await own.launch();
    // A code the catalog does not know for getAuthCode (its page documents 11 as the user's cancel).
    const fake = createFakeMy().fail('getAuthCode', 99999, { errorMessage: 'unknown' });
    own.setHost(fake);
    try {
      const page = own.open('pages/profile/profile');
      await page.$ready;
      await own.tap(page, 'onLoginTap');
      expect(page.data.failed).toBe(true);
      expect(fake.toasts).toEqual(['操作失败，请稍后再试']);
    } finally {
      program.setHost(createFakeMy());
    }
  });
});

/** An order the merchant server still lists as unpaid (asked directly, not through the pages). */
async function unpaidOrder(): Promise<string> {
  const { json } = await httpCall('GET', `${shop.url}/orders`);
  const order = json.orders.find((o: any) => o.status === 'unpaid');
  if (!order) throw new Error('no unpaid order left');
  return order.id;
}

describe('the example as files', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).reduce<string[]>((all, name) => {
      const path = join(dir, name);
      return all.concat(statSync(path).isDirectory() ? files(path) : [path]);
    }, []);

  it('has app.json, app.js, mini.project.json and, for every page, .axml, .acss, .js and .json', () => {
    for (const name of ['app.json', 'app.js', 'app.acss', 'mini.project.json', 'config.js'])
      expect(existsSync(join(ROOT, name))).toBe(true);
    expect(program.appJson.pages).toEqual(PAGES);
    for (const page of PAGES) {
      for (const ext of ['.axml', '.acss', '.js', '.json']) expect(existsSync(join(ROOT, page + ext))).toBe(true);
      expect(() => JSON.parse(readFileSync(join(ROOT, `${page}.json`), 'utf8'))).not.toThrow();
    }
    expect(JSON.parse(readFileSync(join(ROOT, 'mini.project.json'), 'utf8'))).toMatchObject({ compileType: 'mini' });
  });

  it('binds in every AXML only handlers its Page defines', () => {
    for (const page of PAGES) {
      const axml = readFileSync(join(ROOT, `${page}.axml`), 'utf8');
      const handlers = handlersIn(axml);
      expect(handlers.length).toBeGreaterThan(0);
      for (const handler of handlers) expect([page, handler, typeof program.pages[page][handler]]).toEqual([page, handler, 'function']);
      // Alipay's own template syntax, not another platform's.
      expect(axml).not.toMatch(/\bwx:|bind:?tap/);
    }
  });

  it('has pages that import minicall, call Page() and export nothing', () => {
    for (const page of PAGES) {
      const source = readFileSync(join(ROOT, `${page}.js`), 'utf8');
      expect(source).toMatch(/from 'minicall'/);
      expect(source).not.toMatch(/^export /m);
      expect(Object.keys(program.require(`./${page}.js`))).toEqual([]);
    }
  });

  it('keeps the server URL in config.js alone', () => {
    const mentions = files(ROOT).filter((path) => /\.js$/.test(path) && /https?:\/\//.test(readFileSync(path, 'utf8')));
    expect(mentions.map((path) => relative(ROOT, path))).toEqual(['config.js']);
  });
});
