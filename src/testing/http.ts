// Real HTTP for the fake `my` (`createFakeMy({ network: 'http' })`): `request` and `downloadFile`
// go over the wire with Node's own client and report outcomes the way Alipay's host does. Node only.
import * as http from 'node:http';
import * as https from 'node:https';
import { createWriteStream, mkdirSync, mkdtempSync, unlink } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

type Options = Record<string, any>;

/** Settles one call of the fake: success or fail payload (the fake delivers it asynchronously). */
export type Settle = (ok: boolean, payload: unknown) => void;

/** Cancels an exchange in flight: destroys its request and timer; nothing is reported. */
export type Cancel = () => void;

export interface NetworkConfig {
  /** `'fail'`: a status ≥ 400 fails with error 19; `'success'`: resolves with the status, as older base libraries do. */
  httpErrors: 'fail' | 'success';
  /** The folder downloaded files are saved in. */
  downloadDir: () => string;
}

/** Alipay's documented defaults, in ms. */
export const REQUEST_TIMEOUT = 30000;
export const DOWNLOAD_TIMEOUT = 60000;

const failure = (error: number, errorMessage: string, extra?: object) => Object.assign({ error, errorMessage }, extra);

/** A connection that failed or broke (refused, reset, unknown host…): the platform reports all of them as 12. */
function networkFailure(api: string, thrown: unknown) {
  const code = thrown && typeof thrown === 'object' ? String((thrown as { code?: unknown }).code || '') : '';
  return failure(12, `${api}:fail network error${code ? ` (${code})` : ''}`);
}

/** `{ a: 1, b: 'x y' }` → `a=1&b=x%20y`; nested values are JSON. */
function queryString(data: Record<string, unknown>): string {
  return Object.keys(data)
    .map((key) => {
      const value = data[key];
      const text = value == null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
      return `${encodeURIComponent(key)}=${encodeURIComponent(text)}`;
    })
    .join('&');
}

/** `header` and `headers` merged (`headers` wins), values as strings. */
function headersOf(opts: Options): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of [opts.header, opts.headers]) {
    if (!source || typeof source !== 'object') continue;
    for (const name in source) if (source[name] != null) out[name] = String(source[name]);
  }
  return out;
}

function headerName(headers: Record<string, string>, name: string): string | undefined {
  for (const key in headers) if (key.toLowerCase() === name) return key;
}

/** Response headers as the platform hands them over: one string per name. */
function plainHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function isBinary(data: unknown): data is ArrayBuffer | ArrayBufferView {
  return data instanceof ArrayBuffer || ArrayBuffer.isView(data);
}

function toBuffer(data: ArrayBuffer | ArrayBufferView): Buffer {
  return data instanceof ArrayBuffer ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function parseUrl(opts: Options): URL | undefined {
  try {
    const url = new URL(String(opts.url));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch (invalid) {
    return undefined;
  }
}

type Decoded = { ok: true; data: unknown } | { ok: false };

/** The body as `dataType` asks: json (parsed), text, base64 or arraybuffer. */
function decode(body: Buffer, dataType: string): Decoded {
  if (dataType === 'text') return { ok: true, data: body.toString('utf8') };
  if (dataType === 'base64') return { ok: true, data: body.toString('base64') };
  if (dataType === 'arraybuffer') return { ok: true, data: body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) };
  const text = body.toString('utf8');
  // An empty body (204, HEAD) has nothing to parse; it is not a decoding failure.
  if (text.trim() === '') return { ok: true, data: '' };
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch (notJson) {
    return { ok: false };
  }
}

/**
 * One exchange: sends the request, arms the timeout, and calls `finish` exactly once — on a
 * response, a failure, the timeout — or never after `cancel`. Everything it opened is closed by then.
 */
function exchange(
  api: string,
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: Buffer; timeout: number },
  done: Settle,
  onResponse: (res: http.IncomingMessage, finish: (ok: boolean, payload: unknown) => void, track: (cleanup: () => void) => void) => void,
): Cancel {
  let finished = false;
  const cleanups: (() => void)[] = [];
  let req: http.ClientRequest | undefined;
  const close = () => {
    clearTimeout(timer);
    if (req) req.destroy();
    for (const cleanup of cleanups.splice(0)) cleanup();
  };
  const finish = (ok: boolean, payload: unknown) => {
    if (finished) return;
    finished = true;
    close();
    done(ok, payload);
  };
  const timer = setTimeout(() => finish(false, failure(13, `${api}:fail timeout`)), init.timeout);
  try {
    const headers: Record<string, string | number> = Object.assign({}, init.headers);
    if (init.body) headers['content-length'] = init.body.length;
    // A fresh connection per call (agent: false), closed with the exchange: no keep-alive socket
    // outlives a test.
    req = (url.protocol === 'https:' ? https : http).request(url, { method: init.method, headers, agent: false });
  } catch (invalid) {
    // Node refuses a malformed header or method before sending anything: a parameter error.
    finish(false, failure(2, `${api}:fail ${(invalid as Error).message}`));
    return () => undefined;
  }
  req.on('error', (error) => finish(false, networkFailure(api, error)));
  req.on('response', (res) => {
    res.on('error', (error) => finish(false, networkFailure(api, error)));
    res.on('close', () => {
      if (!res.complete) finish(false, networkFailure(api, { code: 'ECONNRESET' }));
    });
    onResponse(res, finish, (cleanup) => cleanups.push(cleanup));
  });
  req.end(init.body);
  return () => {
    if (finished) return;
    finished = true;
    close();
  };
}

/**
 * `my.request` over real HTTP. Outcomes as the platform reports them: success `{ data, status,
 * headers }`; timeout 13; connection refused or reset 12; a body that is not JSON for dataType
 * json 14 (`'JSON parse data error'`); a status ≥ 400 error 19 (`'http status error'`, with
 * status, data and headers) unless `httpErrors` is `'success'`.
 */
export function httpRequest(api: string, opts: Options, done: Settle, config: NetworkConfig): Cancel {
  const url = parseUrl(opts);
  if (!url) {
    done(false, failure(2, `${api}:fail invalid url ${String(opts.url)}`));
    return () => undefined;
  }
  const method = String(opts.method || 'GET').toUpperCase();
  const dataType = String(opts.dataType || 'json').toLowerCase();
  const timeout = typeof opts.timeout === 'number' && opts.timeout > 0 ? opts.timeout : REQUEST_TIMEOUT;
  const headers = headersOf(opts);
  const typeKey = headerName(headers, 'content-type');
  // The platform's default content type.
  if (!typeKey) headers['content-type'] = 'application/json';
  const contentType = headers[typeKey || 'content-type'].toLowerCase();
  const data = opts.data;
  let body: Buffer | undefined;
  if (data != null && data !== '') {
    if (method === 'GET' || method === 'HEAD') {
      // GET: the data becomes the query string.
      const query = typeof data === 'string' ? data : isBinary(data) ? '' : queryString(data);
      if (query) url.search = url.search ? `${url.search.slice(1)}&${query}` : query;
    } else if (typeof data === 'string') {
      body = Buffer.from(data, 'utf8');
    } else if (isBinary(data)) {
      body = toBuffer(data);
    } else if (contentType.indexOf('application/x-www-form-urlencoded') >= 0) {
      body = Buffer.from(queryString(data), 'utf8');
    } else {
      body = Buffer.from(JSON.stringify(data), 'utf8');
    }
  }
  return exchange(api, url, { method, headers, body, timeout }, done, (res, finish) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => {
      const status = res.statusCode || 0;
      const responseHeaders = plainHeaders(res.headers);
      const raw = Buffer.concat(chunks);
      if (status >= 400 && config.httpErrors !== 'success') {
        // The error payload keeps the response: parsed when it is JSON, else as text.
        const decoded = decode(raw, dataType);
        const errorData = decoded.ok ? decoded.data : raw.toString('utf8');
        return finish(false, failure(19, 'http status error', { status, data: errorData, headers: responseHeaders }));
      }
      const decoded = decode(raw, dataType);
      if (!decoded.ok) return finish(false, failure(14, 'JSON parse data error'));
      finish(true, { data: decoded.data, status, headers: responseHeaders });
    });
  });
}

/**
 * `my.downloadFile` over real HTTP: saves the body to a file in `config.downloadDir()` and succeeds
 * with `{ apFilePath }`. Timeout 13 (default 60 s), connection failures and statuses ≥ 400 12.
 */
export function httpDownload(api: string, opts: Options, done: Settle, config: NetworkConfig): Cancel {
  const url = parseUrl(opts);
  if (!url) {
    done(false, failure(2, `${api}:fail invalid url ${String(opts.url)}`));
    return () => undefined;
  }
  const timeout = typeof opts.timeout === 'number' && opts.timeout > 0 ? opts.timeout : DOWNLOAD_TIMEOUT;
  return exchange(api, url, { method: 'GET', headers: headersOf(opts), timeout }, done, (res, finish, track) => {
    const status = res.statusCode || 0;
    if (status >= 400) {
      res.resume();
      return finish(false, failure(12, `${api}:fail http status ${status}`, { status }));
    }
    let path: string;
    try {
      const ext = extname(url.pathname);
      path = join(config.downloadDir(), randomBytes(8).toString('hex') + (/^\.[\w-]{1,10}$/.test(ext) ? ext : ''));
    } catch (noFolder) {
      res.resume();
      return finish(false, failure(12, `${api}:fail cannot save the file`));
    }
    const file = createWriteStream(path);
    let saved = false;
    // A download that does not complete leaves no partial file behind.
    track(() => {
      if (saved) return;
      file.destroy();
      unlink(path, () => undefined);
    });
    file.on('error', () => finish(false, failure(12, `${api}:fail cannot save the file`)));
    file.on('finish', () => {
      if (!res.complete) return;
      saved = true;
      finish(true, { apFilePath: path });
    });
    res.pipe(file);
  });
}

/** A folder made on first use: `path`, or a new one under the system's temporary folder. */
export function lazyFolder(prefix: string, path?: string): () => string {
  let folder: string | undefined;
  return () => {
    if (folder) return folder;
    if (path) mkdirSync(path, { recursive: true });
    return (folder = path || mkdtempSync(join(tmpdir(), prefix)));
  };
}
