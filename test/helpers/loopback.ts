/**
 * HTTP servers on loopback for tests: started on port 0, closed with every connection they
 * accepted, so no socket outlives a test file.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Loopback {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  server: http.Server;
  /** Requests received so far, in order. */
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, port 0; `handler` gets each request with its body already read. */
export async function startLoopback(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void,
): Promise<Loopback> {
  const requests: Loopback['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method || '', url: req.url || '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  return listen(server, requests);
}

/** Serves `server` (already built) on 127.0.0.1, port 0. */
export function listen(server: http.Server, requests: Loopback['requests'] = []): Promise<Loopback> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        server,
        requests,
        close: () => closeServer(server),
      });
    });
  });
}

/** Closes `server` and every connection it still has. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    // Resolved a turn later: the listening handle is released just after the close callback.
    server.close(() => setTimeout(resolve, 0));
    server.closeAllConnections();
  });
}

/** A port nothing listens on: taken from the system, then released. */
export function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = http.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Sockets and servers still open in this process (timers are Jest's business). */
export function openSockets(): string[] {
  const info = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo();
  return info.filter((name) => /^TCP/.test(name));
}

/** The open sockets once handles being closed had `ms` to go: `[]` when everything was closed. */
export async function socketsLeft(ms = 200): Promise<string[]> {
  const until = Date.now() + ms;
  while (openSockets().length > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  return openSockets();
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
}

/** One HTTP exchange on a fresh connection (no keep-alive socket left behind). */
export function httpCall(
  method: string,
  url: string,
  options: { body?: string | object; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const headers: Record<string, string> = Object.assign(
      body !== undefined && typeof options.body === 'object' ? { 'content-type': 'application/json' } : {},
      options.headers,
    );
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: any;
        try {
          json = JSON.parse(text);
        } catch (notJson) {
          json = undefined;
        }
        resolve({ status: res.statusCode || 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
