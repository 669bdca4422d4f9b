// Watching calls settle, shared by the test files. `settle` and `failure` run jest's fake timers.
import { isMiniError, type MiniError } from '../../src/index';

export type Outcome = { status: 'pending' | 'resolved' | 'rejected'; value?: any };

/** Watches a promise without awaiting it, so a test can look at its state at any moment. */
export function track(promise: Promise<unknown>): Outcome {
  const outcome: Outcome = { status: 'pending' };
  promise.then(
    (value) => Object.assign(outcome, { status: 'resolved', value }),
    (error) => Object.assign(outcome, { status: 'rejected', value: error }),
  );
  return outcome;
}

/** Runs fake time `ms` forward and returns how `promise` stands then. */
export async function settle(promise: Promise<unknown>, ms = 60000): Promise<Outcome> {
  const outcome = track(promise);
  await jest.advanceTimersByTimeAsync(ms);
  return outcome;
}

/** The MiniError `promise` rejects with within `ms` of fake time; fails the test otherwise. */
export async function failure(promise: Promise<unknown>, ms = 60000): Promise<MiniError> {
  const outcome = await settle(promise, ms);
  if (outcome.status !== 'rejected') throw new Error(`expected a rejection, got ${outcome.status}`);
  expect(isMiniError(outcome.value)).toBe(true);
  return outcome.value;
}

/** The rejection reason of `promise` (real time); fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/**
 * Fake timers for every test of the file, and a check after each that nothing was left armed. The
 * testing kit's fakes answer their own UI calls with a setTimeout of 0, which timers run after
 * 1 ms: that much time passes first.
 */
export function fakeTimersLeavingNoneArmed(): void {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(async () => {
    await jest.advanceTimersByTimeAsync(1);
    expect(jest.getTimerCount()).toBe(0);
    jest.useRealTimers();
  });
}
