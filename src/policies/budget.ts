// A retry budget per client, as in gRPC's retry throttling: when a backend is down, clients stop
// multiplying its load. Each transient failure costs a token, each success returns a tenth of one,
// and no retry starts while half the bucket or less is left.
import type { ClientState } from '../context.js';

export const MAX_TOKENS = 10;

export function spendToken(client: ClientState): void {
  client.tokens = Math.max(0, client.tokens - 1);
}

export function returnToken(client: ClientState): void {
  client.tokens = Math.min(MAX_TOKENS, client.tokens + 0.1);
}

/**
 * Counts one invocation's outcome, whether or not its call may be repeated: a transient failure
 * costs a token, a success returns a tenth. Returns whether the bucket, as this outcome left it,
 * allows a retry: failures that arrive together are then decided one by one, as they were counted.
 */
export function countOutcome(client: ClientState, failure?: { kind: string }): boolean {
  if (!failure) returnToken(client);
  else if (failure.kind === 'retryable') spendToken(client);
  return mayRetry(client);
}

export function mayRetry(client: ClientState): boolean {
  return client.tokens > MAX_TOKENS / 2;
}
