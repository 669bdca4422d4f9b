// The page's script: every upsdk call goes through minicall/unionpay, the merchant server
// (examples/merchant-server, its UnionPay routes) is reached with fetch. build.mjs bundles it for
// the browser into dist/page.js.
import { isMiniError } from 'minicall';
import { createUnionPayClient } from 'minicall/unionpay';

/** Your UnionPay mini-program's appId, from UnionPay's open platform. */
const APP_ID = 'your-unionpay-app-id';
/** The order this page sells. What it costs is the server's business, never the page's. */
const ORDER_ID = 'A1001';
/** The merchant server: the page's own origin. Elsewhere, its URL (and CORS on that server). */
const SERVER = '';
/** How long a toast stays, in ms. */
const TOAST_MS = 2500;

const query = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const app = $('app');
const buttons = ['login', 'pay', 'locate', 'retry'].map($);

/** upsdk has no toast of its own: minicall shows its hints through this one. */
function showToast(text) {
  const toast = document.createElement('div');
  toast.className = 'toast';
  toast.setAttribute('role', 'alert');
  toast.textContent = text;
  $('toasts').append(toast);
  setTimeout(() => toast.remove(), TOAST_MS);
}

/**
 * The parts of a minicall event worth reading in a console (never the raw payload: it may hold user
 * data), and `at`, the ms since the page opened, which times waits and retries.
 */
function summary(event) {
  const { type, api, attempt, delay, text, error } = event;
  return { type, api, attempt, delay, text, code: error && error.code, kind: error && error.kind, at: Math.round(performance.now()) };
}

const unionpay = createUnionPayClient({
  // How long to wait for upsdk's bridge (pluginReady) before NOT_READY; tests shorten it with ?readyTimeout=.
  readyTimeout: Number(query.get('readyTimeout')) || 10000,
  showToast,
  showLoading: (text) => {
    $('loading').textContent = text;
    $('loading').hidden = false;
  },
  hideLoading: () => {
    $('loading').hidden = true;
  },
  // What minicall did (attempts, retries, toasts), for the developer's console; the demo prints it.
  onEvent: (event) => console.debug('[minicall]', JSON.stringify(summary(event))),
});

/** The merchant server's own answer to a failed request: `{ code, message }`, its message meant for the user. */
class ServerError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function post(path, body) {
  let res;
  try {
    res = await fetch(SERVER + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (offline) {
    throw new ServerError(0, 'NETWORK', '网络不给力，请稍后再试');
  }
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new ServerError(res.status, answer.code || `HTTP_${res.status}`, answer.message || '服务开小差了，请稍后再试');
  return answer;
}

/** An outcome: `data-state` for styles and tests, the text for the user. */
function show(state, text) {
  app.dataset.state = state;
  $('status').textContent = text;
}

function failed(error, state) {
  if (isMiniError(error)) {
    // The user chose not to (cancelled the payment): nothing to show, nothing changes.
    if (error.kind === 'cancel') return;
    // minicall has already shown error.hint as a toast; the page keeps it in view.
    if (error.code === 'c101') return show('not-in-wallet', error.hint);
    // The bridge did not load in time; it may still, so the page offers to try again.
    if (error.code === 'NOT_READY' || error.kind === 'retryable') $('retry').hidden = false;
    return show(error.code === 'NOT_READY' ? 'not-ready' : state, error.hint);
  }
  if (error instanceof ServerError) {
    if (error.status === 0 || error.status >= 500) $('retry').hidden = false;
    return show(state, error.message);
  }
  // Anything else is this page's bug: say so where the developer looks.
  console.error(error);
  show(state, '出错了，请稍后再试');
}

let last;

/** Runs one action with every button disabled; its failure is shown as `failedState`. */
async function run(action, failedState) {
  last = [action, failedState];
  $('retry').hidden = true;
  app.setAttribute('aria-busy', 'true');
  buttons.forEach((button) => (button.disabled = true));
  try {
    await action();
  } catch (error) {
    failed(error, failedState);
  } finally {
    app.setAttribute('aria-busy', 'false');
    buttons.forEach((button) => (button.disabled = false));
  }
}

async function login() {
  // minicall first waits for upsdk's bridge (calls made meanwhile queue), then asks the user.
  const { code } = await unionpay.api.appletAuth({ appId: APP_ID, scope: 'scope.base' });
  // The server exchanges the code for the user's openId; UnionPay's tokens never reach the page.
  const { openId } = await post('/unionpay/login', { code });
  $('open-id').textContent = openId;
  show('logged-in', '已登录');
}

async function pay() {
  // The server makes the transaction number (tn) for its own order, at its own price.
  const { tn } = await post('/unionpay/tn', { orderId: ORDER_ID });
  // Invoked once and never repeated; a user who cancels rejects with kind 'cancel'.
  await unionpay.api.pay({ tn });
  // The wallet's word: the shop ships once UnionPay's notification has reached its server.
  show('paid', '支付成功');
}

async function locate() {
  // A read, safe to repeat: minicall retries it after a transient failure, with backoff.
  const answer = await unionpay.api.getLocationGps({}, { loading: '正在定位…' });
  // Android answers a JSON string, iOS an object.
  const { latitude, longitude } = typeof answer === 'string' ? JSON.parse(answer) : answer;
  $('location').textContent = `${Number(latitude).toFixed(2)}, ${Number(longitude).toFixed(2)}`;
  show('located', '已获取位置');
}

$('login').addEventListener('click', () => run(login, 'login-failed'));
$('pay').addEventListener('click', () => run(pay, 'pay-failed'));
$('locate').addEventListener('click', () => run(locate, 'locate-failed'));
$('retry').addEventListener('click', () => last && run(...last));
