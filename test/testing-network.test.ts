// The fake `my` in network mode: `request` and `downloadFile` over real HTTP (node:http) against a
// loopback server, each outcome mapped to the code Alipay's host reports, nothing left open.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, isMiniError } from '../src/index';
import { createFakeMy, type FakeMy } from '../src/testing/index';
import { socketsLeft, startLoopback, unusedPort, type Loopback } from './helpers/loopback';

type Outcome = { ok: boolean; payload: any; completed: unknown; order: string[] };

/** Calls `fake[api](options)` the way the platform is called: callbacks, and the returned task. */
function callHost(fake: FakeMy, api: string, options: Record<string, unknown>): { task: any; outcome: Promise<Outcome> } {
  let task: any;
  const outcome = new Promise<Outcome>((resolve) => {
    const order: string[] = [];
    let result: { ok: boolean; payload: unknown } | undefined;
    task = fake[api]({
      ...options,
      success: (payload: unknown) => {
        order.push('success');
        result = { ok: true, payload };
      },
      fail: (payload: unknown) => {
        order.push('fail');
        result = { ok: false, payload };
      },
      complete: (completed: unknown) => {
        order.push('complete');
        resolve({ ...(result as { ok: boolean; payload: unknown }), completed, order });
      },
    });
  });
  return { task, outcome };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: Loopback;
/** Timers the server armed for slow answers; cleared when the test is done. */
const slowTimers: NodeJS.Timeout[] = [];
/** Connections the server saw closing (an abort or a timeout on the client side). */
let closedEarly = 0;

beforeAll(async () => {
  server = await startLoopback((req, res, body) => {
    const url = new URL(req.url || '/', 'http://loopback');
    const send = (status: number, text: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(text);
    };
    switch (url.pathname) {
      case '/json':
        return send(200, JSON.stringify({ orders: [{ id: 'A1' }] }), { 'x-trace': 'abc' });
      case '/echo':
        return send(
          200,
          JSON.stringify({
            method: req.method,
            query: url.search,
            contentType: req.headers['content-type'] || null,
            body,
            custom: req.headers['x-custom'] || null,
          }),
        );
      case '/html':
        return send(200, '<html>not json</html>', { 'content-type': 'text/html' });
      case '/empty':
        res.writeHead(204);
        return res.end();
      case '/server-error':
        return send(500, JSON.stringify({ code: 'BUSY' }), { 'retry-after': '0' });
      case '/not-found-html':
        return send(404, '<h1>no</h1>', { 'content-type': 'text/html' });
      case '/bytes':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return res.end(Buffer.from([0, 1, 2, 250, 255]));
      case '/file.txt':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('the file body');
      case '/reset':
        return req.socket.destroy();
      case '/half': {
        // Promises 100 bytes, sends 5, then drops the connection.
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
        res.write('hello');
        const t = setTimeout(() => req.socket.destroy(), 20);
        slowTimers.push(t);
        return;
      }
      case '/slow': {
        const ms = Number(url.searchParams.get('ms') || 1000);
        res.on('close', () => {
          if (!res.writableFinished) closedEarly++;
        });
        const t = setTimeout(() => send(200, JSON.stringify({ slow: true })), ms);
        slowTimers.push(t);
        res.on('close', () => clearTimeout(t));
        return;
      }
      default:
        return send(404, JSON.stringify({ code: 'NOT_FOUND' }));
    }
  });
});

afterEach(() => {
  for (const t of slowTimers.splice(0)) clearTimeout(t);
});

afterAll(async () => {
  await server.close();
  expect(await socketsLeft()).toEqual([]);
});

describe('request over real HTTP', () => {
  it('resolves { data, status, headers } with the JSON body parsed', async () => {
    const fake = createFakeMy({ network: 'http' });
    const { outcome } = callHost(fake, 'request', { url: `${server.url}/json` });
    const result = await outcome;
    expect(result.ok).toBe(true);
    expect(result.payload).toEqual({
      data: { orders: [{ id: 'A1' }] },
      status: 200,
      headers: expect.objectContaining({ 'x-trace': 'abc' }),
    });
    expect(Object.keys(result.payload).sort()).toEqual(['data', 'headers', 'status']);
    expect(result.order).toEqual(['success', 'complete']);
  });

  it('calls back asynchronously, never from inside the call', async () => {
    const fake = createFakeMy({ network: 'http' });
    let calledBack = false;
    const { outcome } = callHost(fake, 'request', { url: `${server.url}/json` });
    outcome.then(() => (calledBack = true));
    expect(calledBack).toBe(false);
    await outcome;
    expect(calledBack).toBe(true);
  });

  it('uses GET by default and turns an object `data` into the query string', async () => {
    const fake = createFakeMy({ network: 'http' });
    const { payload } = await callHost(fake, 'request', { url: `${server.url}/echo?page=1`, data: { status: 'paid', q: 'a b&c' } }).outcome;
    expect(payload.data.method).toBe('GET');
    expect(payload.data.query).toBe('?page=1&status=paid&q=a%20b%26c');
    expect(payload.data.body).toBe('');
  });

  it('sends an object `data` of a POST as a JSON body, with content-type application/json by default', async () => {
    const fake = createFakeMy({ network: 'http' });
    const { payload } = await callHost(fake, 'request', {
      url: `${server.url}/echo`,
      method: 'POST',
      data: { orderId: 'A1', items: [1, 2] },
    }).outcome;
    expect(payload.data).toMatchObject({ method: 'POST', query: '', contentType: 'application/json' });
    expect(JSON.parse(payload.data.body)).toEqual({ orderId: 'A1', items: [1, 2] });
  });

  it('sends a PUT body as JSON too, and a form-urlencoded one as a query string', async () => {
    const fake = createFakeMy({ network: 'http' });
    const put = await callHost(fake, 'request', { url: `${server.url}/echo`, method: 'put', data: { a: 1 } }).outcome;
    expect(put.payload.data).toMatchObject({ method: 'PUT', body: '{"a":1}' });
    const form = await callHost(fake, 'request', {
      url: `${server.url}/echo`,
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      data: { a: '1', b: 'x y' },
    }).outcome;
    expect(form.payload.data).toMatchObject({ contentType: 'application/x-www-form-urlencoded', body: 'a=1&b=x%20y' });
  });

  it('sends `headers`, and the older `header` spelling too', async () => {
    const fake = createFakeMy({ network: 'http' });
    const a = await callHost(fake, 'request', { url: `${server.url}/echo`, headers: { 'X-Custom': 'one' } }).outcome;
    const b = await callHost(fake, 'request', { url: `${server.url}/echo`, header: { 'X-Custom': 'two' } }).outcome;
    expect(a.payload.data.custom).toBe('one');
    expect(b.payload.data.custom).toBe('two');
  });

  it('fails with 13 when the `timeout` option elapses, and closes the connection', async () => {
    const fake = createFakeMy({ network: 'http' });
    const before = closedEarly;
    const started = Date.now();
    const result = await callHost(fake, 'request', { url: `${server.url}/slow?ms=2000`, timeout: 100 }).outcome;
    expect(result.ok).toBe(false);
    expect(result.payload).toEqual({ error: 13, errorMessage: 'request:fail timeout' });
    expect(result.order).toEqual(['fail', 'complete']);
    expect(Date.now() - started).toBeLessThan(1500);
    await sleep(30);
    expect(closedEarly).toBe(before + 1);
  });

  it('waits 30000 ms by default (request) and 60000 ms (downloadFile), as Alipay documents', async () => {
    const spy = jest.spyOn(global, 'setTimeout');
    try {
      const fake = createFakeMy({ network: 'http' });
      const request = callHost(fake, 'request', { url: `${server.url}/slow?ms=5000` });
      const download = callHost(fake, 'downloadFile', { url: `${server.url}/slow?ms=5000` });
      const delays = spy.mock.calls.map((call) => call[1]);
      expect(delays).toContain(30000);
      expect(delays).toContain(60000);
      request.task.abort();
      download.task.abort();
      await Promise.all([request.outcome, download.outcome]);
    } finally {
      spy.mockRestore();
    }
  });

  it('fails with 12 when the connection is refused', async () => {
    const fake = createFakeMy({ network: 'http' });
    const port = await unusedPort();
    const result = await callHost(fake, 'request', { url: `http://127.0.0.1:${port}/x` }).outcome;
    expect(result.ok).toBe(false);
    expect(result.payload).toEqual({ error: 12, errorMessage: expect.stringContaining('ECONNREFUSED') });
  });

  it('fails with 12 when the server resets the connection', async () => {
    const fake = createFakeMy({ network: 'http' });
    const result = await callHost(fake, 'request', { url: `${server.url}/reset` }).outcome;
    expect(result.payload.error).toBe(12);
    const half = await callHost(fake, 'request', { url: `${server.url}/half`, dataType: 'text' }).outcome;
    expect(half.payload.error).toBe(12);
  });

  it("fails with 14 'JSON parse data error' when dataType json (the default) meets a body that is not JSON", async () => {
    const fake = createFakeMy({ network: 'http' });
    const result = await callHost(fake, 'request', { url: `${server.url}/html` }).outcome;
    expect(result.ok).toBe(false);
    expect(result.payload).toEqual({ error: 14, errorMessage: 'JSON parse data error' });
  });

  it('resolves an empty body (204) with data "" rather than a parse failure', async () => {
    const fake = createFakeMy({ network: 'http' });
    const result = await callHost(fake, 'request', { url: `${server.url}/empty`, method: 'DELETE' }).outcome;
    expect(result.payload).toEqual({ data: '', status: 204, headers: expect.any(Object) });
  });

  it("fails with 19 'http status error' on a status ≥ 400, keeping status, data and headers", async () => {
    const fake = createFakeMy({ network: 'http' });
    const result = await callHost(fake, 'request', { url: `${server.url}/server-error` }).outcome;
    expect(result.ok).toBe(false);
    expect(result.payload).toEqual({
      error: 19,
      errorMessage: 'http status error',
      status: 500,
      data: { code: 'BUSY' },
      headers: expect.objectContaining({ 'retry-after': '0' }),
    });
    // A non-JSON error page is kept as text, not turned into a 14.
    const html = await callHost(fake, 'request', { url: `${server.url}/not-found-html` }).outcome;
    expect(html.payload).toMatchObject({ error: 19, status: 404, data: '<h1>no</h1>' });
  });

  it("resolves with the status on ≥ 400 when httpErrors is 'success', as older base libraries do", async () => {
    const fake = createFakeMy({ network: 'http', httpErrors: 'success' });
    const result = await callHost(fake, 'request', { url: `${server.url}/server-error` }).outcome;
    expect(result.ok).toBe(true);
    expect(result.payload).toEqual({ data: { code: 'BUSY' }, status: 500, headers: expect.any(Object) });
  });

  it('fails with 9 when task.abort() is called, and destroys the request', async () => {
    const fake = createFakeMy({ network: 'http' });
    const before = closedEarly;
    const { task, outcome } = callHost(fake, 'request', { url: `${server.url}/slow?ms=5000` });
    await sleep(50);
    task.abort();
    const result = await outcome;
    expect(result.payload).toEqual({ error: 9, errorMessage: 'request:fail abort' });
    expect(result.order).toEqual(['fail', 'complete']);
    await sleep(30);
    expect(closedEarly).toBe(before + 1);
    // A second abort changes nothing.
    task.abort();
  });

  it("returns dataType 'text' as the raw string, 'base64' and 'arraybuffer' as bytes", async () => {
    const fake = createFakeMy({ network: 'http' });
    const text = await callHost(fake, 'request', { url: `${server.url}/html`, dataType: 'text' }).outcome;
    expect(text.payload).toMatchObject({ data: '<html>not json</html>', status: 200 });
    const json = await callHost(fake, 'request', { url: `${server.url}/json`, dataType: 'text' }).outcome;
    expect(json.payload.data).toBe('{"orders":[{"id":"A1"}]}');
    const base64 = await callHost(fake, 'request', { url: `${server.url}/bytes`, dataType: 'base64' }).outcome;
    expect(base64.payload.data).toBe(Buffer.from([0, 1, 2, 250, 255]).toString('base64'));
    const buffer = await callHost(fake, 'request', { url: `${server.url}/bytes`, dataType: 'arraybuffer' }).outcome;
    expect(buffer.payload.data).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(new Uint8Array(buffer.payload.data))).toEqual([0, 1, 2, 250, 255]);
  });

  it('fails with 2 on a URL that is not http(s)', async () => {
    const fake = createFakeMy({ network: 'http' });
    const result = await callHost(fake, 'request', { url: 'ftp://example.com/x' }).outcome;
    expect(result.payload).toMatchObject({ error: 2 });
  });

  it('lets scripted fail/respond/hang take precedence over the network for that API', async () => {
    const fake = createFakeMy({ network: 'http' })
      .fail('request', 13, { times: 1 })
      .respond('downloadFile', { apFilePath: 'scripted' }, { times: 1 });
    const first = await callHost(fake, 'request', { url: `${server.url}/json` }).outcome;
    expect(first.payload).toEqual({ error: 13, errorMessage: '超时。' });
    const second = await callHost(fake, 'request', { url: `${server.url}/json` }).outcome;
    expect(second.payload.data).toEqual({ orders: [{ id: 'A1' }] });
    const scripted = await callHost(fake, 'downloadFile', { url: `${server.url}/file.txt` }).outcome;
    expect(scripted.payload).toEqual({ apFilePath: 'scripted' });
    expect(server.requests.filter((r) => r.url === '/file.txt')).toHaveLength(0);
  });

  it('records calls in network mode like any other', async () => {
    const fake = createFakeMy({ network: 'http' });
    await callHost(fake, 'request', { url: `${server.url}/json` }).outcome;
    expect(fake.count('request')).toBe(1);
    expect(fake.calls[0].options.url).toBe(`${server.url}/json`);
  });

  it('rejects an unknown network or httpErrors value', () => {
    expect(() => createFakeMy({ network: 'tcp' as never })).toThrow(TypeError);
    expect(() => createFakeMy({ network: 'http', httpErrors: 'maybe' as never })).toThrow(TypeError);
  });
});

describe('downloadFile over real HTTP', () => {
  const dir = join(tmpdir(), `minicall-network-test-${process.pid}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('saves the body to a temporary file and succeeds with { apFilePath }', async () => {
    const fake = createFakeMy({ network: 'http', downloadDir: dir });
    const result = await callHost(fake, 'downloadFile', { url: `${server.url}/file.txt` }).outcome;
    expect(result.ok).toBe(true);
    expect(result.payload).toEqual({ apFilePath: expect.stringMatching(/\.txt$/) });
    expect(readFileSync(result.payload.apFilePath, 'utf8')).toBe('the file body');
  });

  it('saves under the system temporary folder when no downloadDir is given', async () => {
    const fake = createFakeMy({ network: 'http' });
    const { payload } = await callHost(fake, 'downloadFile', { url: `${server.url}/file.txt` }).outcome;
    expect(payload.apFilePath.startsWith(tmpdir())).toBe(true);
    rmSync(join(payload.apFilePath, '..'), { recursive: true, force: true });
  });

  it('fails with 12 on a status ≥ 400 or a refused connection, leaving no file', async () => {
    const fake = createFakeMy({ network: 'http', downloadDir: dir });
    const before = existsSync(dir) ? readdirSync(dir).length : 0;
    const missing = await callHost(fake, 'downloadFile', { url: `${server.url}/nothing-here` }).outcome;
    expect(missing.payload).toMatchObject({ error: 12, status: 404 });
    const port = await unusedPort();
    const refused = await callHost(fake, 'downloadFile', { url: `http://127.0.0.1:${port}/f` }).outcome;
    expect(refused.payload.error).toBe(12);
    expect(existsSync(dir) ? readdirSync(dir).length : 0).toBe(before);
  });

  it('fails with 13 on timeout and 9 on abort, and removes the partial file', async () => {
    const fake = createFakeMy({ network: 'http', downloadDir: dir });
    const before = existsSync(dir) ? readdirSync(dir).length : 0;
    const timedOut = await callHost(fake, 'downloadFile', { url: `${server.url}/slow?ms=2000`, timeout: 80 }).outcome;
    expect(timedOut.payload).toEqual({ error: 13, errorMessage: 'downloadFile:fail timeout' });
    const { task, outcome } = callHost(fake, 'downloadFile', { url: `${server.url}/half` });
    await sleep(5);
    task.abort();
    expect((await outcome).payload).toEqual({ error: 9, errorMessage: 'downloadFile:fail abort' });
    await sleep(30);
    expect(existsSync(dir) ? readdirSync(dir).length : 0).toBe(before);
  });
});

describe('through minicall', () => {
  it('retries a GET that timed out, then resolves with the real response', async () => {
    let calls = 0;
    const flaky = await startLoopback((_req, res) => {
      calls++;
      const t = setTimeout(() => res.end(JSON.stringify({ orders: [] })), calls === 1 ? 1000 : 0);
      res.on('close', () => clearTimeout(t));
    });
    try {
      const fake = createFakeMy({ network: 'http' });
      const client = createClient({ my: fake, retry: { baseDelay: 10 } });
      const result = await client.api.request({ url: `${flaky.url}/orders`, timeout: 100 });
      expect(result).toMatchObject({ data: { orders: [] }, status: 200 });
      expect(fake.count('request')).toBe(2);
      expect(fake.toasts).toEqual([]);
    } finally {
      await flaky.close();
    }
  });

  it('rejects a 500 with code 19, its response in err.raw, and one toast', async () => {
    const fake = createFakeMy({ network: 'http' });
    const client = createClient({ my: fake, retry: false });
    const error = await client.api.request({ url: `${server.url}/server-error` }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isMiniError(error)).toBe(true);
    expect(error).toMatchObject({ code: 19, kind: 'retryable', raw: { status: 500, data: { code: 'BUSY' } } });
    expect(fake.toasts).toHaveLength(1);
  });

  it.each(['fail', 'success'] as const)(
    'gives the same 19 through minicall whichever way the host reports a 404 (httpErrors %s)',
    async (mode) => {
      const fake = createFakeMy({ network: 'http', httpErrors: mode });
      const error = await createClient({ my: fake, toast: false })
        .api.request({ url: `${server.url}/nothing-here` })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toMatchObject({ code: 19, kind: 'fatal', attempts: 1, raw: { status: 404, data: { code: 'NOT_FOUND' } } });
    },
  );

  it('aborts through policy.signal: the request is destroyed and the call rejects ABORTED', async () => {
    const fake = createFakeMy({ network: 'http' });
    const client = createClient({ my: fake, toast: false });
    const controller = new AbortController();
    const before = closedEarly;
    const promise = client.api.request({ url: `${server.url}/slow?ms=5000` }, { signal: controller.signal });
    await sleep(50);
    controller.abort();
    await expect(promise).rejects.toMatchObject({ code: 'ABORTED', kind: 'cancel' });
    await sleep(30);
    expect(closedEarly).toBe(before + 1);
  });
});
