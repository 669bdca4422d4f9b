'use strict';
/**
 * The merchant server's UnionPay 云闪付 side, for the H5 page in examples/unionpay-h5:
 *
 *   POST /unionpay/login   { code }     the code from upsdk.appletAuth   → { openId }
 *   POST /unionpay/tn      { orderId }  a transaction number for upsdk.pay → 201 { tn }
 *
 * UnionPay's open platform (https://open.95516.com/open/access/1.0/<name>, POST JSON) answers
 * `{ resp, msg, params }`, success being resp '00':
 * - `backendToken` is the app's own token (2 h). It is fetched with appId, nonceStr, timestamp and
 *   a signature (sha256, hex, over those fields and the secret, sorted by name, joined as k=v&…),
 *   kept, and fetched again shortly before it expires.
 * - `token` exchanges the page's auth code for the user's accessToken and openId. It runs through
 *   minicall's withUnionPayToken, which refreshes the backend token once when UnionPay answers a10
 *   (expired) and tries again; checkUnionPayResponse turns any other resp into a MiniError whose
 *   kind and action come from minicall's UnionPay catalog.
 * The `tn` comes from UnionPay's order API, at `config.orderUrl` (the gateway stand-in's
 * /stand-in/order locally; see unionpay-gateway-stand-in.js).
 *
 * What pages send is checked first, and UnionPay's own text never reaches a page: failures answer
 * `{ code, message }` with this server's codes, chosen by the failure's kind and action; UnionPay's
 * code goes to the log.
 */
const http = require('node:http');
const https = require('node:https');
const { createHash, randomBytes } = require('node:crypto');
const { readJson, HttpError, ERRORS, SAMPLE_ORDERS } = require('./server.js');

/** minicall/unionpay: the installed package, else (inside this repository) the repository's build. */
function loadMinicall() {
  try {
    return require('minicall/unionpay');
  } catch (notInstalled) {
    if (notInstalled.code !== 'MODULE_NOT_FOUND') throw notInstalled;
  }
  try {
    return require('../../dist/cjs/platforms/unionpay/index.js');
  } catch (notBuilt) {
    throw new Error('merchant server: minicall/unionpay not found — `npm install minicall`, or `npm run build` at the repository root');
  }
}
const { checkUnionPayResponse, withUnionPayToken } = loadMinicall();

const OPEN_API = '/open/access/1.0/';
/** An auth code is a short opaque token; anything else is refused before reaching UnionPay. */
const AUTH_CODE = /^[A-Za-z0-9_-]{1,64}$/;
const ORDER_ID = /^[A-Za-z0-9_-]{1,32}$/;
const TN = /^\d{1,40}$/;

/** What a page is told. UnionPay's resp codes and messages stay in this server's log. */
const UNIONPAY_ERRORS = {
  BAD_CODE: [400, '授权码有误'],
  /** a31 and its kin (action `reauthorize`): the page asks the user to authorise again. */
  AUTH_EXPIRED: [401, '授权已失效，请重新授权'],
  /** A transient failure (kind `retryable`), or UnionPay out of reach: worth trying again later. */
  UNIONPAY_BUSY: [503, '云闪付繁忙，请稍后再试'],
  /** Anything else (configuration, signature, clock…): the operator's to fix, not the user's. */
  UNIONPAY_FAILED: [502, '云闪付暂时不可用，请稍后再试'],
  UNIONPAY_NOT_CONFIGURED: [501, '暂不支持云闪付支付'],
};

function send(res, status, payload) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(payload));
}

function sendError(res, code, allow) {
  const known = UNIONPAY_ERRORS[code] || ERRORS[code];
  const [status, message] = known || ERRORS.INTERNAL;
  res.writeHead(
    status,
    Object.assign({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, allow ? { allow } : {}),
  );
  res.end(JSON.stringify({ code: known ? code : 'INTERNAL', message }));
}

/** sha256 (hex) over the fields sorted by name, as `k=v` joined with `&`: UnionPay's token signature. */
function sign(fields) {
  const text = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('&');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** POSTs JSON and resolves with the answer's text; a fresh connection each time (nothing kept open). */
function postJson(url, body, timeout) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const payload = JSON.stringify(body);
    const client = target.protocol === 'https:' ? https : http;
    const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) };
    const req = client.request(target, { method: 'POST', headers, agent: false, timeout }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeout} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(payload);
  });
}

/** The backend token, kept until shortly before it expires; concurrent fetches share one request. */
function createBackendTokens(config, post) {
  let kept;
  let fetching;
  function fetchToken() {
    if (!fetching) {
      const fields = { appId: config.appId, nonceStr: randomBytes(16).toString('hex'), timestamp: String(Math.floor(Date.now() / 1000)) };
      fetching = post(
        `${config.endpoint}${OPEN_API}backendToken`,
        Object.assign({}, fields, { signature: sign(Object.assign({ secret: config.secret }, fields)) }),
      )
        .then(checkUnionPayResponse)
        .catch((error) => {
          // Said in the log: the token request failed, not the call that needed it.
          if (error && typeof error === 'object') error.during = 'backendToken';
          throw error;
        })
        .then((params) => {
          if (!params || typeof params.backendToken !== 'string') throw new Error('backendToken answered without a backendToken');
          const lifetime = (Number(params.expiresIn) || 7200) * 1000;
          // Fetched again a little early (a tenth of its life, at most 5 min), not at the last second.
          kept = { token: params.backendToken, until: Date.now() + lifetime - Math.min(lifetime / 10, 5 * 60 * 1000) };
          return kept.token;
        })
        .finally(() => {
          fetching = undefined;
        });
    }
    return fetching;
  }
  return {
    getToken: () => (kept && kept.until > Date.now() ? kept.token : fetchToken()),
    refreshToken: () => fetchToken(),
  };
}

/** Yuan as the order stores it ('68.00') → fen as UnionPay takes amounts ('6800'). */
function toFen(amount) {
  const [yuan, cents = ''] = String(amount).split('.');
  return String(Number(yuan) * 100 + Number(cents.padEnd(2, '0').slice(0, 2)));
}

/**
 * The request handler for `/unionpay/…`, `(req, res) => void`.
 *
 * @param {object} config
 * @param {string} config.appId              the UnionPay mini-program's appId
 * @param {string} config.secret             its secret (never sent anywhere: it only enters the signature)
 * @param {string} [config.endpoint]         default https://open.95516.com
 * @param {string} [config.orderUrl]         UnionPay's order API, answering `{ resp, params: { tn } }`; without it POST /unionpay/tn answers 501
 * @param {number} [config.timeout]          ms to wait for UnionPay, default 5000
 * @param {Iterable<object>|Map} [config.orders] the shop's orders (default: server.js's SAMPLE_ORDERS)
 * @param {(line: string) => void} [config.log] where failures are logged, default console.error
 */
function createUnionPayApp(config = {}) {
  if (!config.appId || !config.secret) {
    throw new TypeError(
      'merchant server: UnionPay needs appId and secret — set UNIONPAY_APP_ID and UNIONPAY_SECRET, or pass them in config.unionpay',
    );
  }
  const settings = Object.assign({ endpoint: 'https://open.95516.com', timeout: 5000 }, config);
  settings.endpoint = settings.endpoint.replace(/\/+$/, '');
  const log = settings.log || ((line) => console.error(line));
  const orders = settings.orders instanceof Map ? settings.orders : new Map([...(settings.orders || SAMPLE_ORDERS)].map((o) => [o.id, o]));
  const post = (url, body) => postJson(url, body, settings.timeout);
  const tokens = createBackendTokens(settings, post);

  /** Runs `fn(backendToken)` with one refresh on a10; any failure becomes this server's own code. */
  function withBackendToken(what, fn) {
    return withUnionPayToken((token) => fn(token).then(checkUnionPayResponse), tokens).catch((error) => {
      if (error && error.during) what = error.during;
      if (error && error.platform === 'unionpay') {
        log(`[merchant] unionpay ${what} failed: resp=${error.code} kind=${error.kind} action=${error.action || '-'}`);
        if (error.action === 'reauthorize') throw new HttpError('AUTH_EXPIRED');
        throw new HttpError(error.kind === 'retryable' ? 'UNIONPAY_BUSY' : 'UNIONPAY_FAILED');
      }
      // Not UnionPay's answer: it could not be reached, or answered nothing we can read.
      log(`[merchant] unionpay ${what} failed: ${(error && (error.code || error.message)) || error}`);
      throw new HttpError('UNIONPAY_BUSY');
    });
  }

  async function login(req, res) {
    const body = await readJson(req);
    if (typeof body.code !== 'string' || !AUTH_CODE.test(body.code)) throw new HttpError('BAD_CODE');
    const params = await withBackendToken('token', (backendToken) =>
      post(`${settings.endpoint}${OPEN_API}token`, {
        appId: settings.appId,
        backendToken,
        code: body.code,
        grantType: 'authorization_code',
      }),
    );
    if (!params || typeof params.openId !== 'string') {
      log('[merchant] unionpay token answered without an openId');
      throw new HttpError('UNIONPAY_FAILED');
    }
    // The accessToken (1 h) is for UnionPay calls on the user's behalf (their phone number, say): it
    // belongs in the user's server-side session, never in the page. This example keeps no sessions.
    send(res, 200, { openId: params.openId });
  }

  async function transactionNumber(req, res) {
    const body = await readJson(req);
    if (typeof body.orderId !== 'string' || !ORDER_ID.test(body.orderId)) throw new HttpError('BAD_ORDER_ID');
    const order = orders.get(body.orderId);
    if (!order) throw new HttpError('ORDER_NOT_FOUND');
    if (order.status === 'paid') throw new HttpError('ORDER_ALREADY_PAID');
    if (!settings.orderUrl) {
      log('[merchant] unionpay: no orderUrl configured, so no transaction number can be made');
      throw new HttpError('UNIONPAY_NOT_CONFIGURED');
    }
    // The amount is the server's, from the order; the page only names the order.
    const merchantOrderId = `${order.id}${Date.now()}${randomBytes(3).toString('hex')}`;
    const params = await withBackendToken('order', (backendToken) =>
      post(settings.orderUrl, { appId: settings.appId, backendToken, orderId: merchantOrderId, txnAmt: toFen(order.amount) }),
    );
    if (!params || typeof params.tn !== 'string' || !TN.test(params.tn)) {
      log('[merchant] unionpay order answered without a tn');
      throw new HttpError('UNIONPAY_FAILED');
    }
    send(res, 201, { tn: params.tn });
  }

  const ROUTES = { '/unionpay/login': login, '/unionpay/tn': transactionNumber };

  return function handle(req, res) {
    const path = new URL(req.url || '/', 'http://merchant.invalid').pathname.replace(/\/+$/, '');
    const route = ROUTES[path];
    const done = !route
      ? Promise.reject(new HttpError('NOT_FOUND'))
      : req.method !== 'POST'
        ? Promise.reject(Object.assign(new HttpError('METHOD_NOT_ALLOWED'), { allow: 'POST' }))
        : route(req, res);
    done.catch((error) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof HttpError) return sendError(res, error.code, error.allow);
      log(`[merchant] unexpected error: ${error && error.stack ? error.stack : error}`);
      sendError(res, 'INTERNAL');
    });
  };
}

module.exports = { createUnionPayApp, UNIONPAY_ERRORS, sign, toFen };
