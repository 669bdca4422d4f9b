// Retry storms, a short run of `npm run simulate`: 500 clients against a backend that is down for
// 30 s, with minicall's own backoff and retry budget deciding every retry (see scripts/simulate/core.ts).
import {
  CONFIGS,
  LAW_CLIENTS,
  LAW_WORKLOADS,
  RETRY,
  amplificationLaw,
  retriesPerOutage,
  simulate,
  simulateAll,
} from '../scripts/simulate/core';

const WORKLOAD = { clients: 500, seed: 7 };

const runs = simulateAll(WORKLOAD);
const figures = (budget: boolean, jitter: boolean) => runs.find((r) => r.budget === budget && r.jitter === jitter)!.figures;

test('the same seed gives the same figures; another seed gives others', () => {
  expect(simulateAll(WORKLOAD)).toEqual(runs);
  expect(simulate(CONFIGS[0], { clients: 500, seed: 8 })).not.toEqual(runs[0].figures);
});

test('it runs with the default retry options', () => {
  expect(RETRY).toEqual({ attempts: 3, baseDelay: 300, maxDelay: 5000, maxElapsed: 15000 });
});

test('the simulation leaves Math.random as it found it', () => {
  const random = Math.random;
  simulate(CONFIGS[0], { clients: 10 });
  expect(Math.random).toBe(random);
});

test('every client calls during the outage and gets a success after it', () => {
  for (const { figures: f } of runs) {
    expect(f.outageFirstAttempts).toBeGreaterThan(WORKLOAD.clients * 5);
    expect(f.neverRecovered).toBe(0);
  }
});

test('the retry budget lowers the amplification, with and without jitter', () => {
  for (const jitter of [true, false]) {
    expect(figures(true, jitter).amplification).toBeLessThan(figures(false, jitter).amplification);
  }
  // Without a budget every failed call makes all 3 attempts (the waits stay far below maxElapsed).
  expect(figures(false, true).amplification).toBeGreaterThan(2.8);
});

test('with the budget, each client retries at most 3 times during the outage', () => {
  // From a full bucket (10 tokens) each failed attempt costs one, and no retry starts at 5 or less:
  // the first call fails 3 times (2 retries), the second twice (1 retry), and retrying stops.
  for (const jitter of [true, false]) {
    const f = figures(true, jitter);
    expect(f.outageAttempts - f.outageFirstAttempts).toBeLessThanOrEqual(3 * WORKLOAD.clients);
  }
});

// The amplification law: a per-client bucket lets each client retry 3 times per outage, however long
// the outage, so with the budget amplification = 1 + 3/k, k = first attempts per client during the
// outage. The same three runs as `npm run simulate` prints (seed 1, 2,000 clients each).
const law = amplificationLaw({ seed: 1 });
const LAW_K: Record<string, [number, number]> = { 'k ≈ 3': [2.5, 3.5], 'k ≈ 9 (default)': [8, 10.5], 'k ≈ 30': [27, 34] };
const LAW_TOLERANCE = 0.001;

test('with the budget, each client retries 3 times per outage (counted with the real bucket)', () => {
  expect(retriesPerOutage()).toBe(3);
});

test('the amplification law runs at k ≈ 3, 9 and 30, with 2,000 clients each, the same figures for the same seed', () => {
  expect(law.map((row) => row.name)).toEqual(Object.keys(LAW_K));
  expect(law.map((row) => row.name)).toEqual(LAW_WORKLOADS.map((w) => w.name));
  for (const row of law) {
    expect(row.workload.clients).toBe(LAW_CLIENTS);
    const [min, max] = LAW_K[row.name];
    expect(row.k).toBeGreaterThan(min);
    expect(row.k).toBeLessThan(max);
  }
  expect(amplificationLaw({ seed: 1 })).toEqual(law);
});

test.each(LAW_WORKLOADS.map((w) => w.name))(
  `with the budget, the measured amplification is within ${LAW_TOLERANCE} of 1 + 3/k at %s`,
  (name) => {
    const row = law.find((r) => r.name === name)!;
    expect(Math.abs(row.amplification - (1 + 3 / row.k))).toBeLessThanOrEqual(LAW_TOLERANCE);
  },
);
