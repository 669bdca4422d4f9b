import { errorFor, toMiniError, unreadable } from './errors/error-for.js';
import type { MiniError } from './errors/mini-error.js';
import type { CallContext } from './pipeline.js';
import { onAbort } from './signal.js';
import { isFunction, later, member, noop } from './util.js';

/**
 * Invokes the host function once and settles exactly once, whatever the host does: callbacks
 * twice, success then fail, a synchronous throw, a native promise, silence (the timeout), a late
 * callback after a timeout or an abort, or an answer that throws when read. Nothing it arms
 * outlives the settlement.
 */
export function invoke(ctx: CallContext): Promise<unknown> {
  const { api, adapter, policy } = ctx;
  const signal = policy.signal;
  return new Promise((resolve, reject) => {
    let done = false;
    let timer: any;
    let stopListening = noop;
    let returned: any;
    const settle = (error: MiniError | undefined, value?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        ctx.client.budget.count(error);
      } catch (unreadable) {
        // A forged error whose kind cannot be read costs nothing and allows no retry.
      }
      if (error) reject(error);
      else resolve(value);
      stopListening();
    };
    // The host's answer is read inside a guard: an answer that throws when read still settles the call.
    const unreadableAnswer = (arg: unknown) =>
      settle(errorFor(ctx, 'UNKNOWN', arg, 'the host answered with a value that could not be read'));
    const fail = (raw: unknown) => {
      try {
        settle(toMiniError(ctx, raw, adapter.codeless && adapter.codeless(api, raw)));
      } catch (thrown) {
        unreadableAnswer(raw);
      }
    };
    const succeed = (payload: unknown) => {
      try {
        // A promise-like payload would be adopted by the call's promise, and could hang or throw it.
        if (payload && isFunction((payload as { then?: unknown }).then)) throw new TypeError('a promise-like success payload');
        const code = adapter.failureInSuccess(api, payload);
        settle(code === undefined ? undefined : errorFor(ctx, code, payload), payload);
      } catch (thrown) {
        unreadableAnswer(payload);
      }
    };
    // Hosts that only call `complete` still settle: its argument is a success payload or a failure.
    const complete = (arg: unknown) => {
      try {
        if (adapter.looksFailed(api, arg)) fail(arg);
        else succeed(arg);
      } catch (thrown) {
        unreadableAnswer(arg);
      }
    };

    // Everything the caller handed over is read before the host is called: a signal that cannot be
    // listened to, or options that cannot be copied, stop the call before it starts.
    let owner: any;
    let fn: any;
    let options: object;
    try {
      if (signal && signal.aborted) return settle(errorFor(ctx, 'ABORTED'));
      if (signal)
        stopListening = onAbort(signal, () => {
          // Settle first: an aborted task calls `fail` with its own code (request: 9), which must lose.
          settle(errorFor(ctx, 'ABORTED'));
          try {
            returned.abort();
          } catch (ignored) {}
        });
      options = adapter.callbacks(ctx.options, succeed, fail, complete);
      [owner, fn] = member(ctx.host(), api);
    } catch (thrown) {
      return settle(unreadable(ctx, thrown));
    }
    if (!isFunction(fn)) return settle(errorFor(ctx, 'UNSUPPORTED'));
    ctx.invocations++;
    try {
      returned = fn.call(owner, options);
    } catch (thrown) {
      return fail(thrown);
    }
    // A base library that also returns a promise: its rejection is a failure like `fail`, and is
    // always handled here so it never surfaces as an unhandled rejection. Its resolution with
    // `undefined` says nothing; the callback carries the payload.
    let thenable = false;
    try {
      thenable = !!returned && isFunction(returned.then);
      if (thenable) returned.then((value: unknown) => value !== undefined && succeed(value), fail);
      // The task is what the host returned, unless that is only a promise: a base library may hand
      // back a RequestTask that is also a promise, and its `abort` must reach the caller.
      if (!thenable || isFunction(returned.abort)) ctx.taskHolder.task = returned;
    } catch (ignored) {
      // A return value that cannot be read is no task; the callbacks still settle the call.
    }
    if (!done && policy.timeout)
      timer = later(() => settle(errorFor(ctx, 'TIMEOUT', undefined, `no callback within ${policy.timeout} ms`)), policy.timeout);
  });
}
