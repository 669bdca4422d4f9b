import { apiName } from './catalog/lookup.js';
import { DIRECT_STYLE, USER_PACED_STYLE, type Adapter, type CallContext, type ClientState, type Step } from './context.js';
import { errorFor, toMiniError, type ErrorScope } from './errors/normalize.js';
import type { MiniError } from './errors/mini-error.js';
import { invoke } from './invoke.js';
import { DEFAULTS, resolvePolicy, type Policy, type ResolvedPolicy } from './options.js';
import { MAX_TOKENS } from './policies/budget.js';
import { loading } from './policies/loading.js';
import { followUp } from './policies/payment.js';
import { retry } from './policies/retry.js';
import { toast } from './policies/toast.js';
import { isFunction, isObject, member, noop } from './util.js';

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
  while (step < PIPELINE.length && !PIPELINE[step].applies(ctx)) step++;
  if (step < PIPELINE.length) return PIPELINE[step].run(ctx, () => run(ctx, step + 1));
  ctx.attempts++;
  ctx.emit('attempt');
  return ctx.adapter.ready ? ctx.adapter.ready(ctx).then(() => invoke(ctx)) : invoke(ctx);
}

// Names the `api` proxy must not answer: promise checks (`await api`), serialisers, test matchers.
const NOT_APIS = /^(then|catch|finally|constructor|toJSON|asymmetricMatch|nodeType|\$\$typeof|__esModule)$/;

/** A client over one platform's host: the pipeline, its config and its shared state. */
export function makeClient(adapter: Adapter, config?: object) {
  const client: ClientState = { config: resolvePolicy(DEFAULTS, config) as ClientState['config'], tokens: MAX_TOKENS, toasts: {} };
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
    const [owner, fn] = member(host(), api);
    if (!isFunction(fn)) throw errorFor(scopeOf(api), 'UNSUPPORTED');
    try {
      return fn.apply(owner, args);
    } catch (thrown) {
      throw toMiniError(scopeOf(api, 1), thrown);
    }
  }

  function call(name: string, options?: any, policy?: Policy): CallPromise<unknown> {
    const valid = apiName(name);
    const api = valid || String(name);
    let promise: CallPromise<unknown>;
    let ctx: CallContext | undefined;
    try {
      if (!valid || (options !== undefined && !isObject(options))) {
        const detail = valid
          ? `options must be an object, got ${options === null ? 'null' : typeof options}`
          : `the API name must be a non-empty string, got ${typeof name === 'string' ? JSON.stringify(name) : String(name)}`;
        throw errorFor(scopeOf(api), 'INVALID_ARGUMENT', options, detail);
      }
      const style = adapter.style(api);
      if (style === DIRECT_STYLE) {
        promise = Promise.resolve(direct(api, options === undefined ? [] : [options]));
      } else {
        const own = resolvePolicy(client.config, policy, 'policy (the third argument of call)');
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
      promise = Promise.reject(error);
    }
    // The first invocation's task is known by now; a retry's replaces it when it starts.
    promise.task = ctx && ctx.task;
    if (ctx) ctx.promise = promise;
    // Callback-style callers get the final outcome once, and no unhandled rejection.
    const mine = (callback: string, value: unknown) => isFunction(options[callback]) && options[callback](value);
    if (isObject(options) && (isFunction(options.success) || isFunction(options.fail) || isFunction(options.complete))) {
      promise.then(
        (value) => {
          mine('success', value);
          mine('complete', value);
        },
        (error) => {
          mine('fail', error);
          mine('complete', error);
        },
      );
    }
    return promise;
  }

  // Without a prototype, so that a name such as `constructor` is never mistaken for a cached function.
  const functions: Record<string, (...args: any[]) => unknown> = Object.create(null);
  const api = new Proxy(functions, {
    get(cache, name) {
      if (typeof name !== 'string' || NOT_APIS.test(name)) return undefined;
      const api = apiName(name) || name;
      return (cache[name] =
        cache[name] ||
        (adapter.style(api) === DIRECT_STYLE
          ? (...args: unknown[]) => direct(api, args)
          : (options?: unknown, policy?: Policy) => call(name, options, policy)));
    },
  });

  /** Merges `options` into this client's defaults; validated like a per-call policy. */
  function configure(options: object): void {
    if (!isObject(options)) throw new TypeError('minicall: expected `configure(options)` to get an object.');
    client.config = resolvePolicy(client.config, options) as ClientState['config'];
  }

  return { call, api, configure };
}
