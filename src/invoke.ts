import { errorFor, toMiniError } from './errors/normalize.js';
import type { MiniError } from './errors/mini-error.js';
import { countOutcome } from './policies/budget.js';
import { onAbort } from './signal.js';
import type { CallContext } from './context.js';
import { isFunction, later, member, noop } from './util.js';

/**
 * Invokes the host function once and settles exactly once, whatever the host does: callbacks
 * twice, success then fail, a synchronous throw, a native promise, silence (the timeout), or a
 * late callback after a timeout or an abort. Nothing it arms outlives the settlement.
 */
export function invoke(ctx: CallContext): Promise<unknown> {
  const { api, adapter, policy } = ctx;
  return new Promise((resolve, reject) => {
    let done = false;
    let timer: any;
    let stopListening = noop;
    let returned: any;
    const settle = (error: MiniError | undefined, value?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stopListening();
      ctx.budgetAllows = countOutcome(ctx.client, error);
      if (error) {
        error.attempts = ctx.invocations;
        reject(error);
      } else resolve(value);
    };
    const fail = (raw: unknown) => settle(toMiniError(ctx.scope(), raw, adapter.codeless && adapter.codeless(api, raw)));
    const succeed = (payload: unknown) => {
      const code = adapter.failureInSuccess(api, payload);
      settle(code === undefined ? undefined : errorFor(ctx.scope(), code, payload), payload);
    };
    // Hosts that only call `complete` still settle: its argument is a success payload or a failure.
    const complete = (arg: unknown) => (adapter.looksFailed(api, arg) ? fail(arg) : succeed(arg));

    if (policy.signal && policy.signal.aborted) return settle(errorFor(ctx.scope(), 'ABORTED'));
    const [owner, fn] = member(ctx.host(), api);
    if (!isFunction(fn)) return settle(errorFor(ctx.scope(), 'UNSUPPORTED'));
    ctx.invocations++;
    try {
      returned = fn.call(owner, adapter.callbacks(ctx.options, succeed, fail, complete));
    } catch (thrown) {
      return fail(thrown);
    }
    // A base library that also returns a promise: its rejection is a failure like `fail`, and is
    // always handled here so it never surfaces as an unhandled rejection. Its resolution with
    // `undefined` says nothing; the callback carries the payload.
    const thenable = !!returned && isFunction(returned.then);
    if (thenable) returned.then((value: unknown) => value !== undefined && succeed(value), fail);
    // The task is what the host returned, unless that is only a promise: a base library may hand
    // back a RequestTask that is also a promise, and its `abort` must reach the caller.
    if (!thenable || isFunction(returned.abort)) ctx.setTask(returned);
    if (done) return;
    if (policy.timeout)
      timer = later(() => settle(errorFor(ctx.scope(), 'TIMEOUT', undefined, `no callback within ${policy.timeout} ms`)), policy.timeout);
    stopListening = onAbort(policy.signal, () => {
      // Settle first: an aborted task calls `fail` with its own code (request: 9), which must lose.
      settle(errorFor(ctx.scope(), 'ABORTED'));
      try {
        returned.abort();
      } catch (ignored) {}
    });
  });
}
