// A retry budget per client, as in gRPC's retry throttling: when a backend is down, clients stop
// multiplying its load. Each transient failure costs a token, each success returns a tenth of one,
// and no retry starts while half the bucket or less is left. Tokens are counted in whole
// thousandths (as gRPC keeps three decimals), so no sequence of outcomes drifts from the rule.

/** A full bucket: 10 tokens, in thousandths. */
export const MAX_TOKENS = 10000;
const FAILURE_COST = 1000;
const SUCCESS_RETURN = 100;

/** One client's bucket, and which of the failures it counted it would let a retry follow. */
export interface RetryBudget {
  /** Thousandths of a token left. */
  readonly tokens: number;
  /**
   * Counts one invocation's outcome, whether or not its call may be repeated: a transient failure
   * costs a token, a success returns a tenth. Returns whether the bucket, as this outcome left it,
   * allows a retry, and remembers that for the failure: failures that arrive together are then
   * decided one by one, as they were counted.
   */
  count(failure?: { kind: string }): boolean;
  /** Whether the bucket allowed a retry when `failure` was counted. */
  allows(failure: unknown): boolean;
}

export function createBudget(): RetryBudget {
  const allowed = new WeakMap<object, boolean>();
  const budget = {
    tokens: MAX_TOKENS,
    count(failure?: { kind: string }) {
      if (!failure) budget.tokens = Math.min(MAX_TOKENS, budget.tokens + SUCCESS_RETURN);
      else if (failure.kind === 'retryable') budget.tokens = Math.max(0, budget.tokens - FAILURE_COST);
      const allows = budget.tokens > MAX_TOKENS / 2;
      if (failure) allowed.set(failure, allows);
      return allows;
    },
    allows: (failure: unknown) => !!failure && typeof failure === 'object' && !!allowed.get(failure),
  };
  return budget;
}
