'use strict';
/**
 * A local stand-in for Alipay's OpenAPI v3 gateway, for tests and demos on loopback. It answers
 * the two calls the merchant server makes:
 *
 *   POST /v3/alipay/trade/create   { out_trade_no, total_amount, subject, … } → { out_trade_no, trade_no }
 *   POST /v3/alipay/trade/query    { trade_no | out_trade_no }                 → { trade_no, out_trade_no, trade_status, … }
 *
 * and behaves like the real gateway where alipay-sdk can tell:
 *
 * - Every answer is signed with the stand-in's own RSA key, as Alipay signs v3 responses: the
 *   headers alipay-timestamp, alipay-nonce and alipay-signature, the signature being
 *   SHA256withRSA (base64) over `${timestamp}\n${nonce}\n${body}\n`. Give alipay-sdk
 *   `alipayPublicKey: standIn.alipayPublicKey` and its response check runs for real.
 * - Given the app's public key, it checks each request's `authorization` header
 *   (`ALIPAY-SHA256withRSA app_id=…,nonce=…,timestamp=…,sign=…` over
 *   `${authString}\n${method}\n${path}\n${body}\n`) and answers 401 when it does not verify.
 * - Errors are v3-shaped: an HTTP status ≥ 400 and `{ code, message }`.
 *
 * What each trade's query answers is scripted: a sequence of trade statuses, the last one
 * repeating; `'NOT_EXIST'` answers ACQ.TRADE_NOT_EXIST, `'SYSTEM_ERROR'` a 500.
 *
 * Nothing here talks to Alipay, and no key is stored: the stand-in makes its key pair in `listen`.
 */
const http = require('node:http');
const { createSign, createVerify, generateKeyPair, randomUUID, randomInt } = require('node:crypto');
const { promisify } = require('node:util');

const TRADE_STATUSES = ['WAIT_BUYER_PAY', 'TRADE_CLOSED', 'TRADE_SUCCESS', 'TRADE_FINISHED', 'NOT_EXIST', 'SYSTEM_ERROR'];

/** Resolves with a new RSA key pair as PEM strings: { publicKey (SPKI), privateKey (PKCS#8) }. */
function generateKeys() {
  return promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** A trade number shaped like Alipay's: 28 digits starting with the date. */
function newTradeNo() {
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  let digits = '';
  while (digits.length < 15) digits += String(randomInt(0, 1e9)).padStart(9, '0');
  return `${date}22001${digits.slice(0, 15)}`;
}

function checkStatuses(statuses) {
  if (!Array.isArray(statuses) || statuses.length === 0) throw new TypeError('statuses must be a non-empty array');
  for (const status of statuses) {
    if (!TRADE_STATUSES.includes(status)) throw new TypeError(`unknown trade status ${status}; one of ${TRADE_STATUSES.join(', ')}`);
  }
  return statuses.slice();
}

/**
 * @param {object} [options]
 * @param {string} [options.appPublicKey] the merchant app's public key (PEM); when given, requests must be signed with its private key
 * @param {string} [options.appId] when given, requests must carry this app_id
 * @param {string[]} [options.defaultStatuses] what a trade with no script answers; default ['WAIT_BUYER_PAY']
 */
function createGatewayStandIn(options = {}) {
  /** Made by `listen`. */
  let keys;
  const defaultStatuses = checkStatuses(options.defaultStatuses || ['WAIT_BUYER_PAY']);
  /** trade_no → { trade_no, out_trade_no, total_amount, subject, statuses, queries } */
  const trades = new Map();
  /** Scripts waiting for the next trades created, in order. */
  const nextScripts = [];
  /** Every request received: { method, path, body (parsed), verified }. */
  const requests = [];
  let signResponsesWrongly = false;

  function signedReply(res, status, payload) {
    const body = JSON.stringify(payload);
    const timestamp = String(Date.now());
    const nonce = randomUUID();
    let signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`, 'utf8').sign(keys.privateKey, 'base64');
    if (signResponsesWrongly) signature = createSign('RSA-SHA256').update('tampered', 'utf8').sign(keys.privateKey, 'base64');
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'alipay-timestamp': timestamp,
      'alipay-nonce': nonce,
      'alipay-signature': signature,
      'alipay-trace-id': randomUUID().replace(/-/g, ''),
    });
    res.end(body);
  }

  /** Checks the v3 authorization header; true when it verifies (or no app key was given). */
  function verifyRequest(req, rawBody) {
    if (!options.appPublicKey) return true;
    const header = String(req.headers.authorization || '');
    const prefix = 'ALIPAY-SHA256withRSA ';
    const at = header.lastIndexOf(',sign=');
    if (!header.startsWith(prefix) || at < 0) return false;
    const authString = header.slice(prefix.length, at);
    const signature = header.slice(at + ',sign='.length);
    const fields = Object.fromEntries(authString.split(',').map((pair) => pair.split('=')));
    if (options.appId && fields.app_id !== options.appId) return false;
    let content = `${authString}\n${req.method}\n${req.url}\n${rawBody}\n`;
    if (req.headers['alipay-app-auth-token']) content += `${req.headers['alipay-app-auth-token']}\n`;
    try {
      return createVerify('RSA-SHA256').update(content, 'utf8').verify(options.appPublicKey, signature, 'base64');
    } catch (malformed) {
      return false;
    }
  }

  function createTrade(body) {
    if (!body.out_trade_no || !body.total_amount || !body.subject) {
      return [400, { code: 'INVALID_PARAMETER', message: '参数有误：out_trade_no, total_amount, subject 必填' }];
    }
    const existing = [...trades.values()].find((t) => t.out_trade_no === body.out_trade_no);
    if (existing) return [200, { out_trade_no: existing.out_trade_no, trade_no: existing.trade_no }];
    const trade = {
      trade_no: newTradeNo(),
      out_trade_no: String(body.out_trade_no),
      total_amount: String(body.total_amount),
      subject: String(body.subject),
      statuses: nextScripts.length > 0 ? nextScripts.shift() : defaultStatuses.slice(),
      queries: 0,
    };
    trades.set(trade.trade_no, trade);
    return [200, { out_trade_no: trade.out_trade_no, trade_no: trade.trade_no }];
  }

  function queryTrade(body) {
    if (!body.trade_no && !body.out_trade_no)
      return [400, { code: 'INVALID_PARAMETER', message: '参数有误：trade_no 和 out_trade_no 不能同时为空' }];
    const trade = body.trade_no
      ? trades.get(String(body.trade_no))
      : [...trades.values()].find((t) => t.out_trade_no === String(body.out_trade_no));
    if (!trade) return [400, { code: 'ACQ.TRADE_NOT_EXIST', message: '交易不存在' }];
    const status = trade.statuses[Math.min(trade.queries, trade.statuses.length - 1)];
    trade.queries++;
    if (status === 'NOT_EXIST') return [400, { code: 'ACQ.TRADE_NOT_EXIST', message: '交易不存在' }];
    if (status === 'SYSTEM_ERROR') return [500, { code: 'SYSTEM_ERROR', message: '系统繁忙' }];
    return [
      200,
      {
        trade_no: trade.trade_no,
        out_trade_no: trade.out_trade_no,
        trade_status: status,
        total_amount: trade.total_amount,
        buyer_logon_id: '159****5620',
      },
    ];
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch (notJson) {
        return signedReply(res, 400, { code: 'INVALID_PARAMETER', message: '请求体不是合法的 JSON' });
      }
      const verified = verifyRequest(req, raw);
      requests.push({ method: req.method, path: req.url, body, verified });
      if (!verified)
        return signedReply(res, 401, { code: 'invalid-signature', message: '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配' });
      const route = `${req.method} ${req.url}`;
      if (route === 'POST /v3/alipay/trade/create') return signedReply(res, ...createTrade(body));
      if (route === 'POST /v3/alipay/trade/query') return signedReply(res, ...queryTrade(body));
      signedReply(res, 404, { code: 'NOT_FOUND', message: '接口不存在' });
    });
  });

  const standIn = {
    /** The stand-in's public key (PEM), once listening: give it to alipay-sdk as `alipayPublicKey`. */
    alipayPublicKey: undefined,
    server,
    /** `http://127.0.0.1:PORT` once listening. */
    url: undefined,
    trades,
    requests,
    /** Makes the key pair and starts listening (port 0: any free port); resolves with the URL. */
    async listen(port = 0, host = '127.0.0.1') {
      keys = keys || (await generateKeys());
      standIn.alipayPublicKey = keys.publicKey;
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          standIn.url = `http://${host}:${server.address().port}`;
          resolve(standIn.url);
        });
      });
    },
    /** What the next trade created answers to queries, in order (the last repeats). */
    scriptNextTrade(statuses) {
      nextScripts.push(checkStatuses(statuses));
      return standIn;
    },
    /** What trade `tradeNo` answers from now on. */
    scriptTrade(tradeNo, statuses) {
      const trade = trades.get(tradeNo);
      if (!trade) throw new Error(`no trade ${tradeNo}`);
      trade.statuses = checkStatuses(statuses);
      trade.queries = 0;
      return standIn;
    },
    /** Signs answers with the wrong content, as a forged response would be. */
    signWrongly(wrongly = true) {
      signResponsesWrongly = wrongly;
      return standIn;
    },
    /** Stops listening and closes every connection. */
    close() {
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => setTimeout(resolve, 0));
        server.closeAllConnections();
      });
    },
  };
  return standIn;
}

module.exports = { createGatewayStandIn, generateKeys, TRADE_STATUSES };
