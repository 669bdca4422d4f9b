#!/usr/bin/env node
// `npm run demo` builds the bundles (`rollup -c --silent`), then runs this: the example
// mini-program's own pages (examples/alipay-mini-program) in Node, against the fake `my` with real
// HTTP, calling the example merchant server (examples/merchant-server), whose alipay-sdk talks to
// the local gateway stand-in — all on loopback, nothing reaches Alipay. Prints what each scenario
// did, then stops everything it started and exits 0 (1 when a scenario did not end as it should).
import * as http from 'node:http';
import { existsSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT_MS = 15000;

if (!existsSync(join(ROOT, 'dist/esm/index.js')) || !existsSync(join(ROOT, 'dist/esm/testing/index.js'))) {
  console.error('minicall demo: dist/ is missing — run `npm run demo` (it builds the bundles first) or `npm run build`.');
  process.exit(1);
}

// Whatever happens, never outstay the limit.
const watchdog = setTimeout(() => {
  console.error(`minicall demo: still running after ${LIMIT_MS / 1000} s; stopping.`);
  process.exit(1);
}, LIMIT_MS);
watchdog.unref();

// The pages' `import … from 'minicall'` gets this repository's build, the same instance as below.
register('./demo/resolve-minicall.mjs', import.meta.url);

const require = createRequire(import.meta.url);
const { configure } = await import('../dist/esm/index.js');
const { createFakeMy } = await import('../dist/esm/testing/index.js');
const { createTrace } = await import('./demo/trace.mjs');
const { loadMiniProgram } = await import('./demo/runtime.mjs');
const { createApp } = require('../examples/merchant-server/server.js');
const { createGatewayStandIn, generateKeys } = require('../examples/merchant-server/gateway-stand-in.js');

const print = (text = '') => console.log(text);
const trace = createTrace(print);
const started = Date.now();
let failures = 0;

function outcome(ok, text) {
  if (!ok) failures++;
  trace.line(`${ok ? '=' : '✗ UNEXPECTED:'} ${text}`);
}

// ── The back end: the gateway stand-in and the merchant server, keys made here and now ──────────
const appKeys = await generateKeys();
const gateway = createGatewayStandIn({ appPublicKey: appKeys.publicKey, appId: 'demo-app' });
await gateway.listen(0);
const merchantLog = [];
const handle = createApp({
  appId: 'demo-app',
  privateKey: appKeys.privateKey,
  alipayPublicKey: gateway.alipayPublicKey,
  endpoint: gateway.url,
  log: (text) => merchantLog.push(text),
});
// A slow network for scenario 1: the next GET /orders is held back this long.
const slowOrders = [];
const merchant = http.createServer((req, res) => {
  const delay = req.method === 'GET' && req.url === '/orders' ? slowOrders.shift() : undefined;
  if (!delay) return handle(req, res);
  const timer = setTimeout(() => handle(req, res), delay);
  res.on('close', () => clearTimeout(timer));
});
await new Promise((resolve) => merchant.listen(0, '127.0.0.1', resolve));
const merchantUrl = `http://127.0.0.1:${merchant.address().port}`;

// ── The mini-program: its config pointed at the local server, with short waits ─────────────────
const program = await loadMiniProgram(join(ROOT, 'examples/alipay-mini-program'));
const config = await program.module('config.js');
config.setSettings({ baseUrl: merchantUrl, requestTimeout: 300, tradeInterval: 100, tradeMaxWait: 5000 });
await program.launch();
configure({ onEvent: trace.event });

/** A fresh fake host for a scenario, real HTTP, every call printed. */
function host(script = (fake) => fake) {
  const fake = script(createFakeMy({ network: 'http' }));
  globalThis.my = trace.host(fake);
  return fake;
}

function heading(n, title, note) {
  print();
  print(`${n}. ${title}`);
  if (note) trace.line(note);
}

function toasts(fake) {
  trace.line(fake.toasts.length ? `the user saw: ${fake.toasts.map((t) => `"${t}"`).join(', ')}` : 'the user saw: no toast');
}

print('minicall demo: the example mini-program on loopback');
print(`   merchant server ${merchantUrl} (examples/merchant-server, alipay-sdk v4)`);
print(`   Alipay gateway stand-in ${gateway.url} (signs its answers; alipay-sdk checks them)`);

try {
  // 1 ────────────────────────────────────────────────────────────────────────────────────────────
  heading(
    1,
    'Order list, first answer slower than the request timeout (pages/orders)',
    'GET /orders is held 1000 ms; the page asks my.request for a 300 ms timeout',
  );
  {
    const fake = host();
    slowOrders.push(1000);
    const page = program.open('pages/orders/orders');
    await page.ready;
    outcome(
      page.data.status === 'ready' && fake.count('request') === 2,
      `page shows ${page.data.orders.length} orders (status "${page.data.status}")`,
    );
    toasts(fake);
  }

  // 2 ────────────────────────────────────────────────────────────────────────────────────────────
  heading(
    2,
    'Payment answered 8000, settled by asking the server (pages/checkout)',
    'Alipay will report WAIT_BUYER_PAY, then TRADE_SUCCESS',
  );
  {
    const fake = host((f) => f.fail('tradePay', 8000));
    gateway.scriptNextTrade(['WAIT_BUYER_PAY', 'TRADE_SUCCESS']);
    const page = program.open('pages/checkout/checkout', { orderId: 'A1001', title: '手冲咖啡豆', amount: '68.00' });
    await page.ready;
    await program.tap(page, 'onPayTap');
    outcome(
      page.data.state === 'paid' && fake.count('tradePay') === 1,
      `page state "${page.data.state}", confirmed by ${page.data.confirmedBy}; tradePay invoked ${fake.count('tradePay')} time`,
    );
    toasts(fake);
  }

  // 3 ────────────────────────────────────────────────────────────────────────────────────────────
  heading(3, 'Payment answered 6004, and the trade turns out closed (pages/checkout)', 'Alipay will report TRADE_CLOSED');
  {
    const fake = host((f) => f.fail('tradePay', 6004));
    gateway.scriptNextTrade(['TRADE_CLOSED']);
    const page = program.open('pages/checkout/checkout', { orderId: 'A1002', title: '挂耳咖啡', amount: '39.90' });
    await page.ready;
    await program.tap(page, 'onPayTap');
    outcome(page.data.state === 'closed' && fake.toasts.length === 1, `page state "${page.data.state}"`);
    toasts(fake);
  }

  // 4 ────────────────────────────────────────────────────────────────────────────────────────────
  heading(4, 'Authorisation declined by the user (pages/profile)', 'my.getAuthCode fails with 10');
  {
    const fake = host((f) => f.fail('getAuthCode', 10));
    const page = program.open('pages/profile/profile');
    await page.ready;
    const before = JSON.stringify(page.data);
    await program.tap(page, 'onLoginTap');
    outcome(JSON.stringify(page.data) === before && fake.toasts.length === 0, 'page unchanged');
    toasts(fake);
  }
} catch (error) {
  failures++;
  print(`\nminicall demo: ${error && error.stack ? error.stack : error}`);
} finally {
  program.close();
  await new Promise((resolve) => {
    merchant.close(resolve);
    merchant.closeAllConnections();
  });
  await gateway.close();
}

print();
if (merchantLog.length) print(`merchant server log:\n${merchantLog.map((l) => `   ${l}`).join('\n')}`);
print(
  `${failures === 0 ? 'All 4 scenarios ended as expected' : `${failures} scenario(s) did not end as expected`} in ${((Date.now() - started) / 1000).toFixed(1)} s; servers closed.`,
);
clearTimeout(watchdog);
process.exitCode = failures === 0 ? 0 : 1;
