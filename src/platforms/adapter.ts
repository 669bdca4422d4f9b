import type { Kind, Platform } from '../catalog/types.js';
import type { CallContext } from '../pipeline.js';

/** How the client calls a name (an adapter's `style`). */
export const PROMISED_STYLE = 0;
export const DIRECT_STYLE = 1;
/** Promised, and waits on the user: no default `timeout` (only a per-call one), no loading indicator. */
export const USER_PACED_STYLE = 2;

/** How one platform's host is called; the client core is the same pipeline over either. */
export interface Adapter {
  platform: Platform;
  /** The platform's own config keys (`my`; `upsdk`, `readyTimeout`…), as policy-check.ts's TYPES writes them. */
  options: Record<string, string>;
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
  /** Shows or hides (`undefined`) a loading indicator; must not throw. */
  loading(ctx: CallContext, text: string | undefined): void;
  /** How `api` is called: one of the styles above. Called directly, a throw becomes a `MiniError`. */
  style(api: string): number;
  /** A kind the failure's details decide over the catalog's (an HTTP 404 is fatal, a 503 retryable). */
  refine?(api: string, code: number | string, raw: unknown): Kind | undefined;
  /** The field an API reports its failure code in, where that is not the usual `error`. */
  codeField?(api: string): string | undefined;
  /** The code of a failure that carries none (UnionPay's `pay`), if the platform can tell. */
  codeless?(api: string, raw: unknown): string | undefined;
  /** Resolves when the host can take calls (UnionPay's bridge); rejects with the call's error. */
  ready?(ctx: CallContext): Promise<void>;
}
