import { apiName } from './catalog/lookup';
import type { Adapter, CallContext, ClientState, Step } from './context';
import { errorFor, toMiniError, type ErrorScope } from './errors/normalize';
import type { MiniError } from './errors/mini-error';
import { invoke } from './invoke';
import { DEFAULTS, resolvePolicy, type MiniEvent, type Policy } from './options';
import { MAX_TOKENS } from './policies/budget';
import { loading } from './policies/loading';
import { followUp } from './policies/payment';
import { retry } from './policies/retry';
import { toast } from './policies/toast';
import { noop } from './signal';

/** The promise `call` returns: also holds the host's own return value (e.g. a `RequestTask`). */
export type CallPromise<T> = Promise<T> & { task?: unknown };

// Outermost first: the toast sees the final outcome; loading covers retries and follow-up; each
// retry runs the last step, one invocation, again.
const PIPELINE: Step[] = [toast, loading, followUp, retry];

function run(ctx: CallContext, step = 0): Promise<unknown> {
  return step < PIPELINE.length ? PIPELINE[step](ctx, () => run(ctx, step + 1)) : invoke(ctx);
}

// Names the `api` proxy must not answer: promise checks (`await api`), serialisers, test matchers.
const NOT_APIS = /^(then|catch|finally|constructor|toJSON|valueOf|toString|inspect|asymmetricMatch|nodeType|\$\$typeof|__esModule)$/;

/** Finds `name` on the host, walking dotted names (`ap.navigateToAlipayPage`). */
function member(host: unknown, name: string): [unknown, unknown] {
  let owner: unknown = undefined;
  let value: unknown = host;
  for (const part of name.split('.')) {
    owner = value;
    value = value && (value as Record<string, unknown>)[part];
  }
  return [owner, value];
}

/** A client over one platform's host: the pipeline, its config and its shared state. */
export function makeClient(adapter: Adapter, config?: object) {
  const client: ClientState = { config: resolvePolicy(DEFAULTS, config) as ClientState['config'], tokens: MAX_TOKENS, toasts: {} };
  const getHost = () => adapter.host(client.config);

  function scopeOf(api: string, attempts?: number): ErrorScope {
    return { platform: adapter.platform, api, attempts, locale: client.config.locale, messages: client.config.messages };
  }

  /** Functions that are not callback-style: called as they are, a throw becomes a `MiniError`. */
  function direct(api: string, args: unknown[]): unknown {
    const [owner, fn] = member(getHost(), api);
    if (typeof fn !== 'function') throw errorFor(scopeOf(api), 'UNSUPPORTED', undefined, `the host has no function ${api}`);
    try {
      return fn.apply(owner, args);
    } catch (thrown) {
      throw toMiniError(scopeOf(api, 1), thrown);
    }
  }

  function call(name: string, options?: unknown, policy?: Policy): CallPromise<unknown> {
    let task: unknown;
    let promise: CallPromise<unknown>;
    const api = apiName(name) || String(name);
    try {
      if (!apiName(name))
        throw errorFor(scopeOf(api), 'INVALID_ARGUMENT', name, `the API name must be a non-empty string, got ${JSON.stringify(name)}`);
      if (options !== undefined && (options === null || typeof options !== 'object')) {
        throw errorFor(
          scopeOf(api),
          'INVALID_ARGUMENT',
          options,
          `options must be an object, got ${options === null ? 'null' : typeof options}`,
        );
      }
      if (adapter.passthrough.test(api) || adapter.sync.test(api)) {
        promise = Promise.resolve(direct(api, options === undefined ? [] : [options]));
      } else {
        let resolved = resolvePolicy(client.config, policy);
        if (adapter.userPaced.test(api) && !(policy && policy.timeout !== undefined))
          resolved = Object.assign({}, resolved, { timeout: 0 });
        const onEvent = resolved.onEvent;
        const ctx: CallContext = {
          api,
          options,
          policy: resolved,
          adapter,
          client,
          attempts: 0,
          host: getHost,
          scope: () => scopeOf(api, ctx.attempts),
          setTask(value) {
            task = value;
            if (promise) promise.task = value;
          },
          emit: onEvent
            ? (type, extra) => {
                try {
                  onEvent(Object.freeze(Object.assign({ type, api, attempt: ctx.attempts }, extra)));
                } catch (ignored) {
                  // A monitoring hook must never break the call it observes.
                }
              }
            : noop,
        };
        promise = run(ctx).then(
          (value) => {
            ctx.emit('success');
            return value;
          },
          (error: MiniError) => {
            ctx.emit('giveup', { error });
            throw error;
          },
        );
      }
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.task = task;
    const own = (options || {}) as { success?: (v: unknown) => void; fail?: (e: unknown) => void; complete?: (v: unknown) => void };
    if (typeof own.success === 'function' || typeof own.fail === 'function' || typeof own.complete === 'function') {
      // Callback-style callers get the final outcome once each, and no unhandled rejection.
      promise.then(
        (value) => {
          if (typeof own.success === 'function') own.success(value);
          if (typeof own.complete === 'function') own.complete(value);
        },
        (error) => {
          if (typeof own.fail === 'function') own.fail(error);
          if (typeof own.complete === 'function') own.complete(error);
        },
      );
    }
    return promise;
  }

  const functions: Record<string, (...args: any[]) => unknown> = {};
  const api = new Proxy(functions, {
    get(cache, name) {
      if (typeof name !== 'string' || NOT_APIS.test(name)) return undefined;
      if (adapter.passthrough.test(name)) {
        const [owner, fn] = member(getHost(), name);
        return typeof fn === 'function' ? fn.bind(owner) : () => direct(name, []);
      }
      return (cache[name] =
        cache[name] ||
        (adapter.sync.test(name)
          ? (...args: unknown[]) => direct(name, args)
          : (options?: unknown, policy?: Policy) => call(name, options, policy)));
    },
  });

  /** Merges `options` into this client's defaults; validated like a per-call policy. */
  function configure(options: object): void {
    if (!options || typeof options !== 'object') throw new TypeError('minicall: expected `configure(options)` to get an object.');
    client.config = resolvePolicy(client.config, options) as ClientState['config'];
  }

  return { call, api, configure };
}
