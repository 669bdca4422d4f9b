'use strict';
/**
 * The H5 page with its back end, on loopback: what the tests and `npm run demo:unionpay` run.
 *
 * - a stand-in for UnionPay's open platform (examples/merchant-server/unionpay-gateway-stand-in.js),
 * - the merchant server's UnionPay routes (examples/merchant-server/unionpay.js) pointed at it,
 * - one HTTP server giving the page (index.html, and the bundles build.mjs made) and those routes
 *   from the same origin, as a shop deploys them.
 *
 * Run on its own, it builds the page and serves it:  node examples/unionpay-h5/serve.cjs
 * Inside the wallet the page gets UnionPay's upsdk.js. In a desktop browser upsdk.js (from
 * open.95516.com, so with internet access) reports that the page is outside the wallet, and the
 * page says so; the tests and the demo put the upsdk stand-in at that URL instead.
 */
const http = require('node:http');
const { readFile } = require('node:fs/promises');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');
const { createUnionPayApp } = require('../merchant-server/unionpay.js');
const { createUnionPayGatewayStandIn } = require('../merchant-server/unionpay-gateway-stand-in.js');

const HERE = __dirname;
const APP_ID = 'stand-in-unionpay-app';

/** What the page may load, and from where. */
function staticFiles(bundleDir) {
  return {
    '/': [join(HERE, 'index.html'), 'text/html; charset=utf-8'],
    '/index.html': [join(HERE, 'index.html'), 'text/html; charset=utf-8'],
    '/dist/page.js': [join(bundleDir, 'page.js'), 'text/javascript; charset=utf-8'],
    '/dist/upsdk-stand-in.js': [join(bundleDir, 'upsdk-stand-in.js'), 'text/javascript; charset=utf-8'],
  };
}

/**
 * Starts the gateway stand-in and the site; resolves with `{ url, gateway, requests, logs, close }`.
 * `requests` lists what the merchant routes received ({ method, path, body }); `logs` what they logged.
 *
 * @param {object} [options]
 * @param {string} [options.bundleDir] where build.mjs put page.js and upsdk-stand-in.js, default ./dist
 * @param {number} [options.port]      default 0 (any free port)
 * @param {(request: object) => void} [options.onRequest] told of each request the merchant routes
 *   received ({ at: 'merchant', method, path, body }) and answered (the same with `status`), and
 *   of each one UnionPay's stand-in answered ({ at: 'unionpay', name, body, resp, msg, params }):
 *   the demo's trace
 */
async function startSite(options = {}) {
  const secret = randomBytes(16).toString('hex');
  const tell = options.onRequest || (() => undefined);
  const gateway = createUnionPayGatewayStandIn({ appId: APP_ID, secret, onRequest: (r) => tell(Object.assign({ at: 'unionpay' }, r)) });
  await gateway.listen(0);
  const logs = [];
  const requests = [];
  const merchant = createUnionPayApp({
    appId: APP_ID,
    secret,
    endpoint: gateway.url,
    orderUrl: `${gateway.url}/stand-in/order`,
    log: (line) => logs.push(line),
  });
  const files = staticFiles(options.bundleDir || join(HERE, 'dist'));

  const server = http.createServer((req, res) => {
    const path = new URL(req.url || '/', 'http://site.invalid').pathname;
    if (path.startsWith('/unionpay/')) {
      // Listening alongside the handler's own reader, which attaches in this same tick: both see every chunk.
      const record = { method: req.method, path, body: '' };
      requests.push(record);
      req.on('data', (chunk) => (record.body += chunk));
      req.on('end', () => tell(Object.assign({ at: 'merchant' }, record)));
      res.on('finish', () => tell(Object.assign({ at: 'merchant', status: res.statusCode }, record)));
      return merchant(req, res);
    }
    const file = req.method === 'GET' && files[path];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('not found');
    }
    readFile(file[0]).then(
      (body) => {
        res.writeHead(200, { 'content-type': file[1], 'cache-control': 'no-store' });
        res.end(body);
      },
      () => {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`${path} is not built: run node examples/unionpay-h5/build.mjs`);
      },
    );
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port || 0, '127.0.0.1', resolve);
  });

  return {
    url: `http://127.0.0.1:${server.address().port}`,
    gateway,
    requests,
    logs,
    /** Stops the site and the gateway stand-in, closing every connection. */
    async close() {
      await new Promise((resolve) => {
        server.close(() => setTimeout(resolve, 0));
        server.closeAllConnections();
      });
      await gateway.close();
    },
  };
}

async function main() {
  const { build } = await import('./build.mjs');
  await build();
  const site = await startSite({ port: Number(process.env.PORT || 3001) });
  console.log(`UnionPay H5 example on ${site.url} (merchant routes on the same origin; UnionPay stand-in on ${site.gateway.url})`);
  const stop = () => site.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}

module.exports = { startSite, APP_ID };
