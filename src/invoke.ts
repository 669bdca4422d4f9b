import { errorFor, toMiniError } from './errors/normalize';
import type { MiniError } from './errors/mini-error';
import { noop, onAbort } from './signal';
import type { CallContext } from './context';

/**
 * Invokes the host function once and settles exactly once, whatever the host does: callbacks
 * twice, success then fail, a synchronous throw, a native promise, silence (the timeout), or a
 * late callback after a timeout or an abort. Nothing it arms outlives the settlement.
 */
export function invoke(ctx: CallContext): Promise<unknown> {
  const { api, adapter, policy } = ctx;
  const scope = ctx.scope();
  return new Promise((resolve, reject) => {
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopListening = noop;
    const settle = (error: MiniError | undefined, value?: unknown) => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      stopListening();
      error ? reject(error) : resolve(value);
    };
    const fail = (raw: unknown) => settle(toMiniError(scope, raw));
    const succeed = (payload: unknown) => {
      const code = adapter.failureInSuccess(api, payload);
      settle(code === undefined ? undefined : errorFor(scope, code, payload), payload);
    };
    // Hosts that only call `complete` still settle: its argument is a success payload or a failure.
    const complete = (arg: unknown) => (adapter.looksFailed(api, arg) ? fail(arg) : succeed(arg));

    if (policy.signal && policy.signal.aborted) return settle(errorFor(scope, 'ABORTED'));
    const host = ctx.host();
    const fn = host && (host as Record<string, unknown>)[api];
    if (typeof fn !== 'function') return settle(errorFor(scope, 'UNSUPPORTED', undefined, `the host has no function ${api}`));

    let returned: unknown;
    try {
      returned = fn.call(host, adapter.callbacks(ctx.options, succeed, fail, complete));
    } catch (thrown) {
      return fail(thrown);
    }
    if (returned && typeof (returned as PromiseLike<unknown>).then === 'function') {
      // A base library that also returns a promise: its rejection is a failure like `fail`,
      // and is always handled here so it never surfaces as an unhandled rejection.
      (returned as PromiseLike<unknown>).then((value) => value !== undefined && succeed(value), fail);
    } else if (returned && typeof returned === 'object') {
      ctx.setTask(returned);
    }
    if (done) return;
    if (policy.timeout > 0) {
      timer = setTimeout(() => settle(errorFor(scope, 'TIMEOUT', undefined, `no callback within ${policy.timeout} ms`)), policy.timeout);
    }
    stopListening = onAbort(policy.signal, () => {
      // Settle first: an aborted task calls `fail` with its own code (request: 9), which must lose.
      settle(errorFor(scope, 'ABORTED'));
      const task = returned as { abort?: () => void } | undefined;
      try {
        if (task && typeof task.abort === 'function') task.abort();
      } catch (ignored) {}
    });
  });
}
