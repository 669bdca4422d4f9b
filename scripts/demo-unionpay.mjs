#!/usr/bin/env node
// `npm run demo:unionpay` builds the bundles (`npm run build`), then runs this: the UnionPay H5
// example (examples/unionpay-h5) in headless Chromium — the system's, driven by playwright-core —
// with the upsdk stand-in served at upsdk.js's URL, and the merchant server's UnionPay routes and
// UnionPay's open-platform stand-in on loopback; nothing else is reachable. Prints, for each
// scenario, every upsdk call and answer, what minicall did (retries, rejections with the catalog's
// meaning, toasts), what the merchant server was asked and what UnionPay answered it, and the page's
// final state. Exits 0 when every scenario ended as it should (1 otherwise), everything closed.
//
//   node scripts/demo-unionpay.mjs [--screenshot]   --screenshot rewrites examples/unionpay-h5/screenshot.png
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT_MS = 20000;
const CHROMIUM = '/usr/bin/chromium';
const UPSDK_URL = 'https://open.95516.com/s/open/js/upsdk.js';
const SCREENSHOT = join(ROOT, 'examples/unionpay-h5/screenshot.png');

if (!existsSync(join(ROOT, 'dist/esm/platforms/unionpay/index.js'))) {
  console.error('minicall demo:unionpay: dist/ is missing — run `npm run demo:unionpay` (it builds first) or `npm run build`.');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(
    `minicall demo:unionpay: no Chromium at ${CHROMIUM} — install it with \`apt-get install -y chromium\` (none is downloaded).`,
  );
  process.exit(1);
}

// Whatever happens, never outstay the limit.
const watchdog = setTimeout(() => {
  console.error(`minicall demo:unionpay: still running after ${LIMIT_MS / 1000} s; stopping.`);
  process.exit(1);
}, LIMIT_MS);
watchdog.unref();

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const { describe: explain } = await import('../dist/esm/index.js');
await import('../dist/esm/platforms/unionpay/index.js'); // UnionPay's catalog, for explain()
const { build } = await import('../examples/unionpay-h5/build.mjs');
const { startSite } = require('../examples/unionpay-h5/serve.cjs');

const print = (text = '') => console.log(text);
const line = (text) => print(`   ${text}`);
const started = Date.now();
let failures = 0;
let quiet = false;
const timing = { attempt: 0, giveup: 0 };

function outcome(ok, text) {
  if (!ok) failures++;
  line(`${ok ? '=' : '✗ UNEXPECTED:'} ${text}`);
}

/** The catalog's meaning of a UnionPay code. */
function meaning(api, code) {
  const entry = explain(api, code, 'unionpay');
  return entry ? `${entry.message} [${entry.kind}${entry.action ? `, ${entry.action}` : ''}]` : '[not in the catalog]';
}

const short = (token) => (typeof token === 'string' && token.length > 10 ? `${token.slice(0, 6)}…` : token);

/** The merchant server's side, as the site reports it. */
function onRequest(r) {
  if (quiet) return;
  if (r.at === 'merchant') {
    if (r.status === undefined) line(`⇢ page → merchant server: ${r.method} ${r.path} ${r.body}`);
    else line(`⇠ merchant server answers ${r.status}`);
    return;
  }
  const params = r.params || {};
  const gave =
    r.name === 'backendToken'
      ? `a new backendToken ${short(params.backendToken)}`
      : r.name === 'token'
        ? `openId ${params.openId}`
        : `tn ${params.tn}`;
  const sent = r.name === 'backendToken' ? 'signed request' : `backendToken ${short(r.body.backendToken)}`;
  line(`    merchant → UnionPay ${r.name} (${sent}) ← ${r.resp === '00' ? `00: ${gave}` : `${r.resp} ${meaning(r.name, r.resp)}`}`);
}

/** The page's console: the stand-in's calls and answers, and minicall's events. */
function onConsole(text) {
  let m;
  if ((m = /^\[upsdk\] → (\w+) (.*)$/.exec(text))) return line(`→ upsdk.${m[1]} ${m[2] === '{}' ? '' : m[2]}`);
  if ((m = /^\[upsdk\] ← (\w+) (\w+) (.*)$/.exec(text))) return line(`  ← ${m[2]} ${m[3]}`);
  if ((m = /^\[upsdk\] (.*)$/.exec(text))) return line(`  · upsdk: ${m[1]}`);
  if (!(m = /^\[minicall\] (.*)$/.exec(text))) return line(`  console: ${text}`);
  const e = JSON.parse(m[1]);
  // When the first attempt began and when the call gave up, by the page's clock.
  if (e.type === 'attempt' && e.attempt === 1) timing.attempt = e.at;
  if (e.type === 'giveup') timing.giveup = e.at;
  if (e.type === 'retry') line(`  ↻ minicall: ${e.code} ${meaning(e.api, e.code)}, safe to repeat → retry in ${e.delay} ms`);
  else if (e.type === 'toast') line(`  ▣ toast "${e.text}"`);
  else if (e.type === 'giveup') line(`  ✗ minicall: rejects ${e.code} ${meaning(e.api, e.code)} after ${e.attempt} attempt(s)`);
  else if (e.type === 'success') line(`  ✓ minicall: upsdk.${e.api} resolves${e.attempt > 1 ? ` on attempt ${e.attempt}` : ''}`);
}

// ── The back end, the bundles and the browser ──────────────────────────────────────────────────
const bundleDir = mkdtempSync(join(tmpdir(), 'minicall-demo-unionpay-'));
await build({ outdir: bundleDir });
const standInScript = readFileSync(join(bundleDir, 'upsdk-stand-in.js'), 'utf8');
const site = await startSite({ bundleDir, onRequest });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

// One tab for every scenario: each opens the page anew (a fresh document, no state kept), which is
// quicker than a new tab each time. Nothing but loopback and the routed upsdk.js is reachable.
const context = await browser.newContext({ viewport: { width: 390, height: 700 } });
let problems = [];
await context.route(
  (url) => !/^(http:\/\/127\.0\.0\.1[:/]|data:)/.test(url.href),
  (route) => {
    problems.push(`blocked ${route.request().url()}`);
    return route.abort('blockedbyclient');
  },
);
await context.route(UPSDK_URL, (route) => route.fulfill({ body: standInScript, contentType: 'text/javascript; charset=utf-8' }));
const page = await context.newPage();
page.on('console', (message) => (message.type() === 'error' ? problems.push(message.text()) : onConsole(message.text())));
page.on('pageerror', (error) => problems.push(`uncaught ${error.message}`));

/** Opens the page anew, upsdk.js replaced by the stand-in configured with `standIn`. */
async function open(standIn, query = '') {
  problems = [];
  // Init scripts accumulate and run in order: the last one sets this scenario's configuration.
  await page.addInitScript({ content: `window.__upsdkStandIn = ${JSON.stringify(standIn)};` });
  await page.goto(`${site.url}/${query}`);
  return { page, problems };
}

const settled = (page, state, timeout = 5000) =>
  page.waitForSelector(`#app${state ? `[data-state="${state}"]` : ''}[aria-busy="false"]`, { state: 'attached', timeout });

/** What the user sees now. */
async function seen(page) {
  return {
    state: await page.getAttribute('#app', 'data-state'),
    status: await page.textContent('#status'),
    openId: await page.textContent('#open-id'),
    location: await page.textContent('#location'),
    toasts: await page.locator('.toast').allTextContents(),
    retry: await page.isVisible('#retry'),
  };
}

function report(view, problems) {
  line(`= page: data-state "${view.state}", status "${view.status}"${view.retry ? ', 再试一次 offered' : ''}`);
  line(`  the user saw: ${view.toasts.length ? view.toasts.map((t) => `toast "${t}"`).join(', ') : 'no toast'}`);
  if (problems.length) outcome(false, `the page logged: ${problems.join(' | ')}`);
}

function heading(n, title, note) {
  print();
  print(`${n}. ${title}`);
  if (note) line(note);
}

print('minicall demo:unionpay: the UnionPay H5 example in headless Chromium, on loopback');
print(`   page and merchant server ${site.url} (examples/unionpay-h5, examples/merchant-server/unionpay.js)`);
print(`   UnionPay open-platform stand-in ${site.gateway.url}; upsdk.js served by the stand-in (minicall's createFakeUpsdk)`);

try {
  // 1 ────────────────────────────────────────────────────────────────────────────────────────────
  heading(
    1,
    'Login while the bridge loads slowly, with an expired backend token',
    "the bridge loads after 800 ms; the merchant server's backend token (from an earlier login) has expired",
  );
  {
    quiet = true;
    await fetch(`${site.url}/unionpay/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"code":"earlier"}',
    });
    quiet = false;
    site.gateway.expireBackendTokens();
    const from = site.gateway.requests.length;
    const { page, problems } = await open({ bridgeDelay: 800 });
    await page.click('#login');
    await settled(page, 'logged-in');
    const view = await seen(page);
    const refreshes = site.gateway.requests.slice(from).filter((r) => r.name === 'backendToken').length;
    report(view, problems);
    outcome(
      view.openId === site.gateway.requests[site.gateway.requests.length - 1].params.openId && refreshes === 1,
      `openId ${view.openId} shown; one backendToken refresh, the code exchanged once more`,
    );
  }

  // 2 ────────────────────────────────────────────────────────────────────────────────────────────
  heading(2, 'Payment cancelled by the user', "upsdk.pay fails with { msg: '用户取消支付' }");
  {
    const { page, problems } = await open({ fail: [['pay', { msg: '用户取消支付' }]] });
    const before = await seen(page);
    await page.click('#pay');
    await settled(page);
    const view = await seen(page);
    report(view, problems);
    outcome(view.toasts.length === 0 && view.state === before.state && view.status === before.status, 'no toast; the page is as it was');
  }

  // 3 ────────────────────────────────────────────────────────────────────────────────────────────
  heading(3, 'Logged in, then the payment fails', "upsdk.pay fails with { msg: '交易流水号无效' }");
  {
    const { page, problems } = await open({ fail: [['pay', { msg: '交易流水号无效' }]] });
    await page.click('#login');
    await settled(page, 'logged-in');
    await page.click('#pay');
    await settled(page, 'pay-failed');
    const view = await seen(page);
    report(view, problems);
    const hint = explain('pay', 'PAY_FAILED', 'unionpay').hint;
    outcome(view.toasts.length === 1 && view.toasts[0] === hint, `one toast, the catalog's hint for PAY_FAILED ("${hint}")`);
    if (process.argv.includes('--screenshot')) {
      await page.screenshot({ path: SCREENSHOT });
      line(`  screenshot: ${SCREENSHOT.slice(ROOT.length + 1)}`);
    }
  }

  // 4 ────────────────────────────────────────────────────────────────────────────────────────────
  heading(4, 'Outside the wallet', 'upsdk.isInsideWallet is false; readyTimeout is the default 10 s');
  {
    const { page, problems } = await open({ insideWallet: false });
    await page.click('#login');
    await settled(page, 'not-in-wallet');
    const ms = timing.giveup - timing.attempt;
    const view = await seen(page);
    report(view, problems);
    outcome(
      ms < 1000 && view.status === explain('appletAuth', 'c101', 'unionpay').hint,
      `c101's hint ${ms} ms after the call, upsdk never called`,
    );
  }

  // 5 ────────────────────────────────────────────────────────────────────────────────────────────
  heading(5, 'A bridge that never loads', 'the page is opened with ?readyTimeout=1500');
  {
    const { page, problems } = await open({ neverReady: true }, '?readyTimeout=1500');
    await page.click('#login');
    await settled(page, 'not-ready');
    const ms = timing.giveup - timing.attempt;
    const view = await seen(page);
    report(view, problems);
    outcome(ms >= 1450 && ms < 5000 && view.retry, `NOT_READY ${ms} ms after the call; the page offers to try again`);
  }

  // 6 ────────────────────────────────────────────────────────────────────────────────────────────
  heading(6, 'Location, first read failing', "getLocationGps fails once with c05, then answers Android's JSON string");
  {
    const { page, problems } = await open({
      fail: [['getLocationGps', { errcode: 'c05', errmsg: 'config执行成功以后才能调用插件方法' }, { times: 1 }]],
      respond: [['getLocationGps', '{"latitude":"31.2304","longitude":"121.4737"}']],
    });
    await page.click('#locate');
    await settled(page, 'located');
    const view = await seen(page);
    report(view, problems);
    outcome(view.location === '31.23, 121.47' && view.toasts.length === 0, `location ${view.location} shown after one retry, no toast`);
  }
} catch (error) {
  failures++;
  print(`\nminicall demo:unionpay: ${error && error.stack ? error.stack : error}`);
} finally {
  await browser.close();
  await site.close();
  rmSync(bundleDir, { recursive: true, force: true });
}

print();
if (site.logs.length) print(`merchant server log:\n${site.logs.map((l) => `   ${l}`).join('\n')}`);
print(
  `${failures === 0 ? 'All 6 scenarios ended as expected' : `${failures} check(s) did not end as expected`} in ${((Date.now() - started) / 1000).toFixed(1)} s; browser and servers closed.`,
);
clearTimeout(watchdog);
process.exitCode = failures === 0 ? 0 : 1;
