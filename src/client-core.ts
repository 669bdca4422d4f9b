import { apiName } from './api-name.js';
import { errorFor, toMiniError, unreadable } from './errors/error-for.js';
import { isMiniError } from './errors/mini-error.js';
import { DIRECT_STYLE, USER_PACED_STYLE, type Adapter } from './platforms/adapter.js';
import { run, type CallContext, type ClientState } from './pipeline.js';
import { createBudget } from './policies/budget.js';
import { DEFAULTS, type MiniEvent, type Policy, type ResolvedPolicy } from './policy.js';
import { resolvePolicy } from './policy-check.js';
import { isFunction, isObject, later, member } from './util.js';

// The platform-neutral core of a client: `call`, `api` and `configure` over one platform's adapter
// (platforms/alipay-client.ts and platforms/unionpay/client.ts make one each).

/**
 * The promise `call` returns. `task` is what the host function returned for the latest attempt
 * (request's `RequestTask`, connectSocket's socket task): undefined until the host is invoked, and
 * for APIs that return nothing besides their callbacks.
 */
export type CallPromise<T, Task = unknown> = Promise<T> & { readonly task?: Task };

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
    : value === null || (!isObject(value) && !isFunction(value))
      ? String(value)
      : typeof value;

/**
 * Gives the caller's own `success` or `fail`, then `complete`, the final outcome. Each runs; one
 * that throws is reported as the platform's own callbacks are, as an uncaught error a moment
 * later, and changes nothing about the call's outcome.
 */
function deliver(options: object, callbacks: unknown[], value: unknown, failed: boolean): void {
  for (const callback of [callbacks[failed ? 1 : 0], callbacks[2]]) {
    try {
      if (isFunction(callback)) Function.prototype.call.call(callback, options, value);
    } catch (thrown) {
      later(() => {
        throw thrown;
      }, 0);
    }
  }
}

// At most this many API names keep their `api.X` function; any further name gets a new one each
// time, so a page that reads arbitrary names cannot grow a client without bound.
const MAX_CACHED_NAMES = 512;

// Names the `api` proxy must not answer: promise checks (`await api`), serialisers, test matchers.
const NOT_APIS = /^(then|catch|finally|constructor|toJSON|asymmetricMatch|nodeType|\$\$typeof|__esModule)$/;

/** A client over one platform's host: the pipeline, its config and its shared state. */
export function makeClient(adapter: Adapter, config?: object) {
  const client = { budget: createBudget(), toasts: new Map() } as ClientState;
  const host = () => adapter.host(client.config);
  // Shared by every call's context (`this` is the context), rather than a closure made per call.
  function emit(this: CallContext, type: MiniEvent['type'], extra?: Partial<MiniEvent>) {
    const onEvent = this.policy.onEvent;
    try {
      if (onEvent) onEvent(Object.freeze(Object.assign({ type, api: this.api, attempt: this.invocations }, extra)));
    } catch (ignored) {
      // A monitoring hook must never break the call it observes.
    }
  }
  const contextOf = (api: string, options?: unknown): CallContext => {
    const ctx = { api, options, policy: client.config, invocations: 0, adapter, client, host, emit } as unknown as CallContext;
    return (ctx.taskHolder = ctx);
  };

  /** Functions that are not callback-style: called as they are, a throw becomes a `MiniError`. */
  function direct(ctx: CallContext, args: ArrayLike<unknown>): unknown {
    try {
      const [owner, fn] = member(host(), ctx.api);
      if (!isFunction(fn)) throw errorFor(ctx, 'UNSUPPORTED');
      ctx.invocations = 1;
      return fn.apply(owner, args as unknown[]);
    } catch (thrown) {
      throw toMiniError(ctx, thrown);
    }
  }

  function call(name: unknown, options?: any, policy?: Policy, style?: number) {
    const api = apiName(name) || '';
    const ctx = contextOf(api, options);
    let promise: CallPromise<unknown>;
    let callbacks: unknown[] | undefined;
    // Nothing here throws to the caller: whatever goes wrong, they get a rejected promise.
    try {
      if (!api) throw errorFor(ctx, 'INVALID_ARGUMENT', undefined, `the API name must be a non-empty string, got ${shown(name)}`);
      if (options !== undefined && !isObject(options))
        throw errorFor(ctx, 'INVALID_ARGUMENT', options, `options must be an object, got ${options === null ? 'null' : typeof options}`);
      // The caller's own callbacks, each read once (reading may throw: a getter, a Proxy).
      if (options) {
        const { success, fail, complete } = options;
        if (isFunction(success) || isFunction(fail) || isFunction(complete)) callbacks = [success, fail, complete];
      }
      if (style === undefined) style = adapter.style(api);
      // Calls that wait on the user start from a config without the default timeout.
      ctx.userPaced = style === USER_PACED_STYLE;
      ctx.policy = resolvePolicy(ctx.userPaced ? client.paced : client.config, policy, 'policy (the third argument of call)');
      if (style === DIRECT_STYLE) {
        // A value with a `then` is adopted as a promise would be; if that throws, the throw is a MiniError too.
        promise = Promise.resolve(direct(ctx, options === undefined ? [] : [options])).then(undefined, (thrown) => {
          throw toMiniError(ctx, thrown);
        });
      } else {
        promise = run(ctx);
        if (ctx.policy.onEvent)
          promise = promise.then(
            (value) => {
              ctx.emit('success');
              return value;
            },
            (error) => {
              ctx.emit('giveup', { error });
              throw error;
            },
          );
      }
    } catch (error) {
      // A MiniError, or a TypeError naming a bad option; anything else was thrown by reading the
      // caller's own values (a getter the checks above did not see) and is refused as such.
      promise = Promise.reject(ours(error) ? error : unreadable(ctx, error));
    }
    // From here on each invocation puts its task on the promise (an accessor would slow every call).
    (promise as { task?: unknown }).task = ctx.task;
    ctx.taskHolder = promise;
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
      // The name's style, looked up once: listeners, factories and synchronous functions are the host's own.
      const style = adapter.style(api);
      const fn =
        style === DIRECT_STYLE
          ? function () {
              return direct(contextOf(api), arguments);
            }
          : (options?: unknown, policy?: Policy) => call(name, options, policy, style);
      if (cached < MAX_CACHED_NAMES) {
        cache[name] = fn;
        cached++;
      }
      return fn;
    },
  });

  /** Merges `options` into this client's defaults; validated like a per-call policy, with the platform's own keys. */
  function use(config: ResolvedPolicy) {
    client.config = config as ClientState['config'];
    client.paced = Object.assign({}, client.config, { timeout: 0 });
  }
  function configure(options: unknown): void {
    if (!isObject(options)) throw new TypeError('minicall: expected `configure(options)` to get an object.');
    use(resolvePolicy(client.config, options, 'config', adapter.options));
  }

  use(resolvePolicy(DEFAULTS, config, 'config', adapter.options));
  return { call: (name: unknown, options?: any, policy?: Policy) => call(name, options, policy), api, configure };
}

export type { ResolvedPolicy };
