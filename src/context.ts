import type { Kind, Platform } from './catalog/types.js';
import type { ErrorScope } from './errors/normalize.js';
import type { MiniEvent, ResolvedPolicy } from './options.js';

/** How the client calls a name (an adapter's `style`). */
export const PROMISED_STYLE = 0;
export const DIRECT_STYLE = 1;
/** Promised, and waits on the user: no default `timeout` (only a per-call one), no loading indicator. */
export const USER_PACED_STYLE = 2;

/** How one platform's host is called; `createClient` is the same pipeline over either. */
export interface Adapter {
  platform: Platform;
  /** The host object, looked up at call time. */
  host(config: Record<string, unknown>): unknown;
  /** The options the host receives: a copy of the caller's, with minicall's callbacks. */
  callbacks(options: unknown, success: (v: unknown) => void, fail: (e: unknown) => void, complete: (v: unknown) => void): object;
  /** The failure code inside a success payload, if any. */
  failureInSuccess(api: string, payload: unknown): unknown;
  /** Whether a `complete` argument (with no success or fail before it) is a failure. */
  looksFailed(api: string, arg: unknown): boolean;
  /** Whether a transient failure of this call may be invoked again; `idempotent` is the caller's say-so. */
  retrySafe(api: string, options: unknown, idempotent: boolean): boolean;
  /** Shows a toast; must not throw. */
  toast(ctx: CallContext, text: string): void;
  /** Shows or hides a loading indicator; must not throw. */
  loading(ctx: CallContext, text: string | undefined): void;
  /** How `api` is called: one of the styles above. Called directly, a throw becomes a `MiniError`. */
  style(api: string): number;
  /** A kind the failure's details decide over the catalog's. */
  refine?(api: string, code: number | string, raw: unknown): Kind | undefined;
  /** The code of a failure that carries none (UnionPay's `pay`), if the platform can tell. */
  codeless?(api: string, raw: unknown): string | undefined;
  /** Resolves when the host can take calls (UnionPay's bridge); rejects with the call's error. */
  ready?(ctx: CallContext): Promise<void>;
}

/** Per-client state the policies share. */
export interface ClientState {
  config: ResolvedPolicy & Record<string, unknown>;
  /** Retry budget: thousandths of a token left (see policies/budget.ts). */
  tokens: number;
  /** Toast text → when it was last shown, oldest first. */
  toasts: Map<string, number>;
}

/** One call as it goes through the pipeline. */
export interface CallContext {
  api: string;
  options: unknown;
  policy: ResolvedPolicy;
  adapter: Adapter;
  client: ClientState;
  /** The call waits on the user (see `USER_PACED_STYLE`). */
  userPaced: boolean;
  /** Attempts so far, each counted as it starts (before a readiness gate, unlike `invocations`). */
  attempts: number;
  /** Times the host function was actually called: what `MiniError.attempts` reports. */
  invocations: number;
  /** Whether the retry budget allowed a retry when the last invocation settled. */
  budgetAllows?: boolean;
  host(): unknown;
  /** What an error of this call is built with (its attempts so far included). */
  scope(this: CallContext): ErrorScope;
  /** Hands the host's return value (a `RequestTask`) to the caller's promise as `.task`. */
  setTask(this: CallContext, task: unknown): void;
  task?: unknown;
  /** The promise the caller holds. */
  promise?: Promise<unknown> & { task?: unknown };
  emit(type: MiniEvent['type'], extra?: Partial<MiniEvent>): void;
}

/**
 * A policy. `run` does its part around `next`, which runs the rest of the pipeline (ending in one
 * invocation). A call to which the step does not `apply` skips it, and pays nothing for it.
 */
export interface Step {
  applies(ctx: CallContext): unknown;
  run(ctx: CallContext, next: () => Promise<unknown>): Promise<unknown>;
}
