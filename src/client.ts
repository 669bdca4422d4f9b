import { apiName } from './catalog/lookup.js';
import { DIRECT_STYLE, USER_PACED_STYLE, type Adapter, type CallContext, type ClientState, type Step } from './context.js';
import { errorFor, toMiniError, unreadable, type ErrorScope } from './errors/normalize.js';
import { isMiniError, type MiniError } from './errors/mini-error.js';
import { invoke } from './invoke.js';
import { DEFAULTS, resolvePolicy, type Policy, type ResolvedPolicy } from './options.js';
import { MAX_TOKENS } from './policies/budget.js';
import { loading } from './policies/loading.js';
import { followUp } from './policies/payment.js';
import { retry } from './policies/retry.js';
import { toast } from './policies/toast.js';
import { isFunction, isObject, later, member, noop } from './util.js';

/**
 * The promise `call` returns. `task` is what the host function returned for the latest attempt
 * (request's `RequestTask`, connectSocket's socket task): undefined until the host is invoked, and
 * for APIs that return nothing besides their callbacks.
 */
export type CallPromise<T, Task = unknown> = Promise<T> & { task?: Task };

// Outermost first: the toast sees the final outcome; loading covers retries and follow-up; each
// retry runs the last step, one invocation, again.
const PIPELINE: Step[] = [toast, loading, followUp, retry];

function run(ctx: CallContext, step = 0): Promise<unknown> {
  try {
    while (step < PIPELINE.length && !PIPELINE[step].applies(ctx)) step++;
    if (step < PIPELINE.length) return PIPELINE[step].run(ctx, () => run(ctx, step + 1));
    ctx.attempts++;
    ctx.emit('attempt');
    return ctx.adapter.ready ? ctx.adapter.ready(ctx).then(() => invoke(ctx)) : invoke(ctx);
  } catch (thrown) {
    // A step that throws (on options it cannot read) fails the call like any failure: the steps
    // around it still see a rejection, so a loading indicator is hidden and a toast shown.
    return Promise.reject(toMiniError(ctx.scope(), thrown));
  }
}

/** A MiniError, or a TypeError of minicall's naming a bad option (asking must not throw either). */
function ours(error: unknown): boolean {
  try {
    return isMiniError(error) || (error instanceof TypeError && /^minicall:/.test(error.message));
  } catch (unreadable) {
    return false;
  }
}

/** How a caller's value reads in an error message, without calling any method of an object. */
const shown = (value: unknown) =>
  typeof value === 'string'
    ? JSON.stringify(value)
    : value === null || typeof value === 'object' || typeof value === 'function'
      ? (value && typeof value) || 'null'
      : String(value);

/** The caller's own `success`, `fail` and `complete`, read once (reading may throw: a getter, a Proxy). */
function callersCallbacks(options: unknown): unknown[] | undefined {
  if (!isObject(options)) return undefined;
  const { success, fail, complete } = options;
  return isFunction(success) || isFunction(fail) || isFunction(complete) ? [success, fail, complete] : undefined;
}

/**
 * Gives the caller's callbacks the final outcome: `success` or `fail`, then `complete`. Each runs;
 * one that throws is reported as the platform's own callbacks are, as an uncaught error a moment
 * later, and changes nothing about the call's outcome.
 */
function deliver(options: object, callbacks: unknown[], value: unknown, failed: boolean): void {
  for (const callback of [callbacks[failed ? 1 : 0], callbacks[2]]) {
    try {
      if (isFunction(callback)) Function.prototype.call.call(callback, options, value);
    } catch (thrown) {
      rethrowLater(thrown);
    }
  }
}

function rethrowLater(thrown: unknown): void {
  later(() => {
    throw thrown;
  }, 0);
}

// At most this many API names keep their `api.X` function; any further name gets a new one each
// time, so a page that reads arbitrary names cannot grow a client without bound.
const MAX_CACHED_NAMES = 512;

// Names the `api` proxy must not answer: promise checks (`await api`), serialisers, test matchers.
const NOT_APIS = /^(then|catch|finally|constructor|toJSON|asymmetricMatch|nodeType|\$\$typeof|__esModule)$/;

/** A client over one platform's host: the pipeline, its config and its shared state. */
export function makeClient(adapter: Adapter, config?: object) {
  const client: ClientState = { config: resolvePolicy(DEFAULTS, config) as ClientState['config'], tokens: MAX_TOKENS, toasts: new Map() };
  const host = () => adapter.host(client.config);
  const scopeOf = (api: string, attempts?: number, policy: ResolvedPolicy = client.config): ErrorScope => ({
    platform: adapter.platform,
    api,
    attempts,
    locale: policy.locale,
    messages: policy.messages,
    refine: adapter.refine,
  });
  // Methods every call's context shares (`this` is the context), rather than closures made per call.
  function scope(this: CallContext) {
    return scopeOf(this.api, this.invocations, this.policy);
  }
  function setTask(this: CallContext, value: unknown) {
    this.task = value;
    if (this.promise) this.promise.task = value;
  }

  /** Functions that are not callback-style: called as they are, a throw becomes a `MiniError`. */
  function direct(api: string, args: unknown[]): unknown {
    let called = 0;
    try {
      const [owner, fn] = member(host(), api);
      if (!isFunction(fn)) throw errorFor(scopeOf(api), 'UNSUPPORTED');
      called = 1;
      return fn.apply(owner, args);
    } catch (thrown) {
      throw toMiniError(scopeOf(api, called), thrown);
    }
  }

  function call(name: string, options?: any, policy?: Policy): CallPromise<unknown> {
    const api = apiName(name) || '';
    let promise: CallPromise<unknown>;
    let ctx: CallContext | undefined;
    let callbacks: unknown[] | undefined;
    // Nothing here throws to the caller: whatever goes wrong, they get a rejected promise.
    try {
      if (!api) throw errorFor(scopeOf(''), 'INVALID_ARGUMENT', undefined, `the API name must be a non-empty string, got ${shown(name)}`);
      if (options !== undefined && !isObject(options)) {
        throw errorFor(
          scopeOf(api),
          'INVALID_ARGUMENT',
          options,
          `options must be an object, got ${options === null ? 'null' : typeof options}`,
        );
      }
      try {
        callbacks = callersCallbacks(options);
      } catch (thrown) {
        throw unreadable(scopeOf(api), thrown);
      }
      const own = resolvePolicy(client.config, policy, 'policy (the third argument of call)');
      const style = adapter.style(api);
      if (style === DIRECT_STYLE) {
        const value = direct(api, options === undefined ? [] : [options]);
        // A value with a `then` is adopted as a promise would be; if that throws, the throw is a MiniError too.
        promise = Promise.resolve(value).then(undefined, (thrown) => {
          throw toMiniError(scopeOf(api, 1), thrown);
        });
      } else {
        const { onEvent } = own;
        ctx = {
          api,
          options,
          // Pickers, scanners and payment sheets wait on the user, in the host's own UI: only a
          // per-call timeout applies, and no loading indicator covers it (see policies/loading).
          policy: style === USER_PACED_STYLE && !(policy && policy.timeout !== undefined) ? Object.assign({}, own, { timeout: 0 }) : own,
          userPaced: style === USER_PACED_STYLE,
          adapter,
          client,
          attempts: 0,
          invocations: 0,
          host,
          scope,
          setTask,
          emit: onEvent
            ? (type, extra) => {
                try {
                  onEvent(Object.freeze(Object.assign({ type, api, attempt: ctx!.attempts }, extra)));
                } catch (ignored) {
                  // A monitoring hook must never break the call it observes.
                }
              }
            : noop,
        };
        const started = run(ctx);
        promise = onEvent
          ? started.then(
              (value) => {
                ctx!.emit('success');
                return value;
              },
              (error: MiniError) => {
                ctx!.emit('giveup', { error });
                throw error;
              },
            )
          : started;
      }
    } catch (error) {
      // A MiniError, or a TypeError naming a bad option; anything else was thrown by reading the
      // caller's own values (a getter the checks above did not see) and is refused as such.
      promise = Promise.reject(ours(error) ? error : unreadable(scopeOf(api), error));
    }
    // The first invocation's task is known by now; a retry's replaces it when it starts.
    promise.task = ctx && ctx.task;
    if (ctx) ctx.promise = promise;
    // Callback-style callers get the final outcome once, and no unhandled rejection.
    if (callbacks) {
      const given = callbacks;
      promise.then(
        (value) => deliver(options, given, value, false),
        (error) => deliver(options, given, error, true),
      );
    }
    return promise;
  }

  // Without a prototype, so that a name such as `constructor` is never mistaken for a cached function.
  const functions: Record<string, (...args: any[]) => unknown> = Object.create(null);
  let cached = 0;
  const api = new Proxy(functions, {
    get(cache, name) {
      if (typeof name !== 'string' || NOT_APIS.test(name)) return undefined;
      if (cache[name]) return cache[name];
      const api = apiName(name) || name;
      const fn =
        adapter.style(api) === DIRECT_STYLE
          ? (...args: unknown[]) => direct(api, args)
          : (options?: unknown, policy?: Policy) => call(name, options, policy);
      if (cached < MAX_CACHED_NAMES) {
        cache[name] = fn;
        cached++;
      }
      return fn;
    },
  });

  /** Merges `options` into this client's defaults; validated like a per-call policy. */
  function configure(options: object): void {
    if (!isObject(options)) throw new TypeError('minicall: expected `configure(options)` to get an object.');
    client.config = resolvePolicy(client.config, options) as ClientState['config'];
  }

  return { call, api, configure };
}
