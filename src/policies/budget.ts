// A retry budget per client, as in gRPC's retry throttling: when a backend is down, clients stop
// multiplying its load. Each failed attempt costs a token, each success returns a tenth of one,
// and no retry starts while half the bucket or less is left.
import type { ClientState } from '../context';

export const MAX_TOKENS = 10;

export function spendToken(client: ClientState): void {
  client.tokens = Math.max(0, client.tokens - 1);
}

export function returnToken(client: ClientState): void {
  client.tokens = Math.min(MAX_TOKENS, client.tokens + 0.1);
}

/** Counts one invocation's outcome, whether or not the call may be repeated: a transient failure costs a token. */
export function countOutcome(client: ClientState, failure?: { kind: string }): void {
  if (!failure) returnToken(client);
  else if (failure.kind === 'retryable') spendToken(client);
}

export function mayRetry(client: ClientState): boolean {
  return client.tokens > MAX_TOKENS / 2;
}
