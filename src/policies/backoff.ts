import type { RetryOptions } from '../policy.js';

/** Throttling codes ("server busy") wait at least this long before the first retry. */
export const THROTTLE_BASE = 1000;

/**
 * Full jitter: a random wait in [0, min(maxDelay, base·2^(n-1))] before retry n. Of the common
 * schemes it does the least total work and spreads a crowd of clients best (Brooker, AWS).
 */
export function backoff(retry: RetryOptions, n: number, throttle?: boolean): number {
  const base = throttle ? Math.max(THROTTLE_BASE, retry.baseDelay) : retry.baseDelay;
  return Math.floor(Math.random() * Math.min(retry.maxDelay, base * Math.pow(2, n - 1)));
}

/** A `Retry-After` header in a failure payload (seconds or an HTTP date), in ms, capped at `maxDelay`. */
export function retryAfter(raw: unknown, maxDelay: number): number | undefined {
  const failure = (raw || {}) as { headers?: Record<string, unknown>; header?: Record<string, unknown> };
  const all = failure.headers || failure.header || {};
  let value = '';
  for (const name in all) if (name.toLowerCase() === 'retry-after') value = String(all[name]);
  // Seconds, or an HTTP date; anything else (no header, '', junk) parses as NaN and is ignored.
  const ms = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return ms === ms ? Math.min(maxDelay, Math.max(0, ms)) : undefined;
}
