'use strict';
/**
 * A local stand-in for UnionPay 云闪付's open platform (https://open.95516.com), for tests and demos
 * on loopback. It answers, as POST JSON with UnionPay's envelope `{ resp, msg, params }`
 * (`resp === '00'` is success):
 *
 *   /open/access/1.0/backendToken   { appId, nonceStr, timestamp, signature } → { backendToken, expiresIn }
 *   /open/access/1.0/token          { appId, backendToken, code, grantType }  → { accessToken, openId, expiresIn, scope }
 *   /stand-in/order                 { appId, backendToken, orderId, txnAmt }  → { tn }
 *
 * The first two are the open platform's own. The third stands in for UnionPay's order API (a
 * 全渠道 consumption request, signed with the merchant's certificate, answering `respCode` and a
 * transaction number `tn`): the page needs a `tn` for `upsdk.pay`, and a real one only comes from
 * UnionPay, so here it takes the open platform's envelope and backend token to stay small.
 *
 * It checks what the real platform checks where the merchant server can tell: the backendToken
 * request's signature (sha256, hex, over the sorted fields `appId`, `nonceStr`, `secret`,
 * `timestamp` joined as `k=v&…`; BC0025 when it does not verify), a timestamp within 5 minutes
 * (N60024), and that every other call carries a backend token it issued and has not expired (a10).
 *
 * Cues a test sets: `expireBackendTokens()` makes every token issued so far answer a10 (the next
 * one fetched works again), and `answerNext(name, resp)` makes the next call to `name`
 * ('backendToken', 'token' or 'order') answer that code: a31 for a bad auth code, SG99 for a
 * system error, or any other.
 *
 * Nothing here talks to UnionPay, and no secret is stored: tests pass their own.
 */
const http = require('node:http');
const { createHash, randomBytes, randomInt } = require('node:crypto');

const PREFIX = '/open/access/1.0/';
const ROUTES = {
  [`${PREFIX}backendToken`]: 'backendToken',
  [`${PREFIX}token`]: 'token',
  '/stand-in/order': 'order',
};

/** The open platform's texts for the codes the stand-in answers (as its documentation gives them). */
const MESSAGES = {
  '00': '成功',
  a10: '不合法的backend_token，或已过期',
  a31: '不合法的授权code，或已过期',
  BC0025: '验签失败',
  N60024: '非法请求',
  N62100: '商户appId不能为空',
  SG99: '系统异常',
};

/** sha256 (hex) over `k=v` pairs sorted by key and joined with `&`: how UnionPay signs a token request. */
function signFields(fields) {
  const text = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('&');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** 21 digits, the length of UnionPay's transaction numbers. */
function newTn() {
  let digits = '';
  while (digits.length < 21) digits += String(randomInt(0, 1e9)).padStart(9, '0');
  return digits.slice(0, 21);
}

/**
 * @param {object} options
 * @param {string} options.appId    the app the stand-in serves
 * @param {string} options.secret   that app's secret, to check the backendToken signature
 * @param {number} [options.backendTokenTtl] seconds a backend token lives, default 7200 (2 h)
 * @param {(request: object) => void} [options.onRequest] told of each request as it is answered (a demo's trace)
 */
function createUnionPayGatewayStandIn(options) {
  if (!options || !options.appId || !options.secret) throw new TypeError('unionpay stand-in: appId and secret are required');
  const ttl = options.backendTokenTtl || 7200;
  /** backendToken → expiry (ms since the epoch). */
  const backendTokens = new Map();
  /** Codes answered by the next calls, per route name, in order. */
  const scripted = { backendToken: [], token: [], order: [] };
  /** Every request: { path, name, body, resp, msg, params }. `body` holds auth codes: the stand-in's own log, for tests. */
  const requests = [];

  const answer = (resp, params) => (resp === '00' ? { resp, msg: MESSAGES['00'], params } : { resp, msg: MESSAGES[resp] || '失败' });

  function validToken(token) {
    const expiry = backendTokens.get(token);
    return expiry !== undefined && expiry > Date.now();
  }

  const handlers = {
    backendToken(body) {
      if (!body.appId) return answer('N62100');
      const { signature, ...fields } = body;
      if (body.appId !== options.appId || signature !== signFields({ ...fields, secret: options.secret })) return answer('BC0025');
      if (!/^\d{10}$/.test(String(body.timestamp)) || Math.abs(Date.now() / 1000 - Number(body.timestamp)) > 300) return answer('N60024');
      const backendToken = randomBytes(18).toString('base64url');
      backendTokens.set(backendToken, Date.now() + ttl * 1000);
      return answer('00', { backendToken, expiresIn: ttl });
    },
    token(body) {
      if (body.appId !== options.appId) return answer('N62100');
      if (!validToken(body.backendToken)) return answer('a10');
      if (typeof body.code !== 'string' || !body.code || body.grantType !== 'authorization_code') return answer('a31');
      // The same user for the same code: an openId is stable per user and app.
      const openId = `up${createHash('sha256').update(`${options.appId}:${body.code}`).digest('hex').slice(0, 26)}`;
      return answer('00', { accessToken: randomBytes(18).toString('base64url'), openId, expiresIn: 3600, scope: 'scope.base' });
    },
    order(body) {
      if (body.appId !== options.appId) return answer('N62100');
      if (!validToken(body.backendToken)) return answer('a10');
      if (!/^\d{1,12}$/.test(String(body.txnAmt)) || !body.orderId) return answer('SG99');
      return answer('00', { tn: newTn() });
    },
  };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const name = req.method === 'POST' ? ROUTES[req.url] : undefined;
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (notJson) {
        body = undefined;
      }
      let reply;
      if (!name) reply = { resp: '404', msg: 'not found' };
      else if (!body || typeof body !== 'object') reply = answer('N60024');
      else if (scripted[name].length > 0) reply = answer(scripted[name].shift());
      else reply = handlers[name](body);
      const record = { path: req.url, name, body, resp: reply.resp, msg: reply.msg, params: reply.params };
      requests.push(record);
      if (options.onRequest) options.onRequest(record);
      res.writeHead(name ? 200 : 404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(reply));
    });
  });

  const standIn = {
    server,
    /** `http://127.0.0.1:PORT` once listening. */
    url: undefined,
    requests,
    /** Starts listening (port 0: any free port); resolves with the URL. */
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          standIn.url = `http://${host}:${server.address().port}`;
          resolve(standIn.url);
        });
      });
    },
    /** Every backend token issued so far answers a10 from now on; the next one fetched works. */
    expireBackendTokens() {
      for (const token of backendTokens.keys()) backendTokens.set(token, 0);
      return standIn;
    },
    /** The next call to `name` ('backendToken', 'token' or 'order') answers `resp` (e.g. 'a31', 'SG99'). */
    answerNext(name, resp) {
      if (!scripted[name]) throw new TypeError(`unknown call ${name}; one of ${Object.keys(scripted).join(', ')}`);
      if (typeof resp !== 'string' || resp === '00') throw new TypeError('answerNext scripts a failure code, such as a31 or SG99');
      scripted[name].push(resp);
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

module.exports = { createUnionPayGatewayStandIn, signFields };
