/**
 * A real browser for tests: the system's Chromium driven by playwright-core, which never downloads
 * a browser of its own. One browser and one tab per test file (open them in beforeAll, close them
 * in afterAll); each test loads its page anew.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export type { Browser, Page };

/** Debian's package; CI installs it when missing (.ci/run). */
export const CHROMIUM = '/usr/bin/chromium';

/** Launches headless Chromium; fails, naming the fix, when the system has none. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: the browser tests drive the system's Chromium and never download one. ` +
        'Install it with `apt-get update && apt-get install -y chromium` (.ci/run does this when it is missing).',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

export interface BrowserTab {
  page: Page;
  context: BrowserContext;
  /** Every console message of the current document, in order. */
  console: { type: string; text: string }[];
  /** Console errors and uncaught exceptions of the current document: `[]` for a page that behaved. */
  problems: string[];
  /** Requests that tried to leave loopback, other than the routed ones (each was aborted). */
  blocked: string[];
  /** Console texts matching `pattern`. */
  logged(pattern: RegExp): string[];
  /** Loads `url` as a fresh document, `globals` (JSON-serialisable) set before its scripts run; forgets what the last one logged. */
  open(url: string, globals?: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export interface TabOptions {
  /** URL → [body, content type]: served in place of the network (e.g. a stand-in for a CDN script). */
  routes?: Record<string, [string, string]>;
  viewport?: { width: number; height: number };
}

const LOOPBACK = /^(http:\/\/127\.0\.0\.1[:/]|about:|data:)/;

/**
 * One tab for a file's scenarios, each loading the page anew: a fresh document (no script state,
 * no timers kept) without the cost of a new tab, whose renderer takes most of a second to start.
 * Its console and errors are recorded; nothing leaves loopback.
 */
export async function openTab(browser: Browser, options: TabOptions = {}): Promise<BrowserTab> {
  const context = await browser.newContext({ viewport: options.viewport || { width: 390, height: 700 } });
  const blocked: string[] = [];
  // Registered first, so it runs last: only what no other route serves reaches it.
  await context.route(
    (url) => !LOOPBACK.test(url.href),
    (route) => {
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  for (const [url, [body, contentType]] of Object.entries(options.routes || {})) {
    await context.route(url, (route) => route.fulfill({ status: 200, body, contentType }));
  }
  const page = await context.newPage();
  const messages: BrowserTab['console'] = [];
  const problems: string[] = [];
  page.on('console', (message) => {
    messages.push({ type: message.type(), text: message.text() });
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  /** Every global an earlier load set: init scripts accumulate, so each new one clears them first. */
  const known = new Set<string>();
  return {
    page,
    context,
    console: messages,
    problems,
    blocked,
    logged: (pattern) => messages.map((m) => m.text).filter((text) => pattern.test(text)),
    async open(url, globals = {}) {
      Object.keys(globals).forEach((name) => known.add(name));
      const script = [...known].map((name) => `window[${JSON.stringify(name)}] = ${JSON.stringify(globals[name])};`).join('\n');
      await page.addInitScript({ content: script });
      messages.length = problems.length = blocked.length = 0;
      await page.goto(url);
    },
    close: () => context.close(),
  };
}

/** Resolves once `check()` is true; rejects naming `what` after `ms`. */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
