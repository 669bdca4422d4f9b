// What bench/run.mjs times: a fake `my` host, the promisify a page author writes by hand, and
// that promisify wrapped in p-retry or cockatiel. minicall's built client runs over the same hosts.
import pRetry from 'p-retry';
import { ConstantBackoff, handleAll, retry } from 'cockatiel';

/** A host whose `x` calls back at once (synchronously), as `host.x = (o) => o.success({ ok: 1 })`. */
export const syncHost = () => ({ x: (o) => o.success({ ok: 1 }) });

/** A host whose `x` calls back on the next microtask: the callback comes after `my.x` returned, as a real host's does. */
export const asyncHost = () => ({ x: (o) => queueMicrotask(() => o.success({ ok: 1 })) });

/** A host whose `request` fails with error 13 (timeout) and then succeeds, alternately. */
export function flakyHost() {
  let invocations = 0;
  return {
    get invocations() {
      return invocations;
    },
    request: (o) =>
      invocations++ % 2 === 0
        ? o.fail({ error: 13, errorMessage: 'request:fail timeout' })
        : o.success({ data: {}, status: 200, headers: {} }),
  };
}

/**
 * The promisify a page author writes: a copy of the options with `success` and `fail`; a failure
 * becomes an Error carrying the platform's fields (p-retry retries only Error instances).
 */
export const promisify = (host, name) => (options) =>
  new Promise((resolve, reject) => {
    host[name]({
      ...options,
      success: resolve,
      fail: (raw) => reject(Object.assign(new Error(raw.errorMessage || `my.${name} failed`), raw)),
    });
  });

/** p-retry as a page author would call it per request: 3 attempts in all, no wait (minTimeout 0). */
export const withPRetry = (fn) => (options) => pRetry(() => fn(options), { retries: 2, minTimeout: 0 });

/** cockatiel's retry policy, built once: up to 2 retries, constant backoff of 0 ms. */
export function withCockatiel(fn) {
  const policy = retry(handleAll, { maxAttempts: 2, backoff: new ConstantBackoff(0) });
  return (options) => policy.execute(() => fn(options));
}

/** Checks that `fn` resolves and that it took `expected` invocations of `host.request`. */
export async function checkRetryPath(name, fn, host, expected = 2) {
  const before = host.invocations;
  await fn();
  if (host.invocations - before !== expected) throw new Error(`${name}: ${host.invocations - before} invocations, expected ${expected}`);
}
