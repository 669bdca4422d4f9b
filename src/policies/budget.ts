// A retry budget per client, as in gRPC's retry throttling: when a backend is down, clients stop
// multiplying its load. Each transient failure costs a token, each success returns a tenth of one,
// and no retry starts while half the bucket or less is left. Tokens are counted in whole
// thousandths (as gRPC keeps three decimals), so no sequence of outcomes drifts from the rule.
import type { ClientState } from '../context.js';

/** A full bucket: 10 tokens, in thousandths. */
export const MAX_TOKENS = 10000;
const FAILURE_COST = 1000;
const SUCCESS_RETURN = 100;

/**
 * Counts one invocation's outcome, whether or not its call may be repeated: a transient failure
 * costs a token, a success returns a tenth. Returns whether the bucket, as this outcome left it,
 * allows a retry: failures that arrive together are then decided one by one, as they were counted.
 */
export function countOutcome(client: ClientState, failure?: { kind: string }): boolean {
  if (!failure) client.tokens = Math.min(MAX_TOKENS, client.tokens + SUCCESS_RETURN);
  else if (failure.kind === 'retryable') client.tokens = Math.max(0, client.tokens - FAILURE_COST);
  return client.tokens > MAX_TOKENS / 2;
}
