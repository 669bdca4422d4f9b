// A retry-storm simulation over minicall's own retry decisions, on a virtual clock.
//
// N clients call a backend that is down for a while and then recovers. Each client makes one
// logical call at a time: a GET that fails with request error 13 (retryable) while the backend is
// down. The decisions are the retry policy's, in the order src/invoke.ts and src/policies/retry.ts
// take them: each client has its own budget (`createBudget()`), which counts every invocation as it
// settles (`budget.count(failure)` spends a token on a retryable failure and says whether a retry
// may follow); stop at `attempts`, stop when the budget says no, wait `backoff(…)` (full jitter, the
// real function, with Math.random seeded), and give up when the wait would pass `maxElapsed`. A
// success (`budget.count()`) returns a tenth of a token.
//
// Nothing here waits: an event queue ordered by (time, insertion) is the clock, so 10,000 clients
// take a few seconds, and the same seed gives the same figures.
import { backoff } from '../../src/policies/backoff';
import { MAX_TOKENS, createBudget, type RetryBudget } from '../../src/policies/budget';

export { MAX_TOKENS };

/** The `retry` options the simulation runs with. */
export interface RetryOptions {
  attempts: number;
  baseDelay: number;
  maxDelay: number;
  maxElapsed: number;
}

/**
 * minicall's default `retry` options, written out here rather than imported, so that the simulation
 * does not depend on where the library keeps them (test/simulate.test.ts checks the values).
 */
export const RETRY: RetryOptions = { attempts: 3, baseDelay: 300, maxDelay: 5000, maxElapsed: 15000 };

export interface Workload {
  /** Clients. @default 10000 */
  clients: number;
  /** Seeds both the workload (per client) and the backoff jitter. @default 1 */
  seed: number;
  /** Each client's first call starts at a uniform time in [0, startSpread) ms. @default 5000 */
  startSpread: number;
  /** The backend goes down at this time (ms). @default 10000 */
  outageStart: number;
  /** …and stays down this long (ms). @default 30000 */
  outageLength: number;
  /** After the recovery, the run goes on this long (ms). @default 30000 */
  tail: number;
  /** After a call ends (success or give-up), the client's next call starts after a uniform wait in [thinkMin, thinkMax] ms. */
  thinkMin: number;
  thinkMax: number;
  /** Each attempt is answered after a uniform time in [latencyMin, latencyMax] ms, whether the backend is up or down. */
  latencyMin: number;
  latencyMax: number;
}

export const DEFAULT_WORKLOAD: Workload = {
  clients: 10000,
  seed: 1,
  startSpread: 5000,
  outageStart: 10000,
  outageLength: 30000,
  tail: 30000,
  thinkMin: 1000,
  thinkMax: 5000,
  latencyMin: 50,
  latencyMax: 250,
};

export interface Config {
  /** The per-client retry budget of src/policies/budget.ts gates each retry. */
  budget: boolean;
  /** Full jitter (the real `backoff`), or none: the wait before retry n is min(maxDelay, baseDelay·2^(n−1)). */
  jitter: boolean;
}

export const CONFIGS: (Config & { name: string })[] = [
  { name: 'budget, full jitter (minicall default)', budget: true, jitter: true },
  { name: 'budget, no jitter', budget: true, jitter: false },
  { name: 'no budget, full jitter', budget: false, jitter: true },
  { name: 'no budget, no jitter', budget: false, jitter: false },
];

export interface Figures {
  /** Attempts sent while the backend was down. */
  outageAttempts: number;
  /** First attempts of a logical call sent while the backend was down. */
  outageFirstAttempts: number;
  /** outageAttempts ÷ outageFirstAttempts. */
  amplification: number;
  /** Logical calls that gave up (failed for good) while the backend was down. */
  outageGiveUps: number;
  /** Attempts per second before the outage (mean over the second half of the warm-up). */
  steadyPerSecond: number;
  /** Most attempts sent in one second during the outage. */
  outagePeakPerSecond: number;
  /** Most attempts sent in one second after the recovery. */
  recoveryPeakPerSecond: number;
  /** Time from the recovery to each client's first success: median, p99, the slowest (ms). */
  firstSuccessMedian: number;
  firstSuccessP99: number;
  firstSuccessMax: number;
  /** Clients with no success before the run ended. */
  neverRecovered: number;
  /** Events the clock processed. */
  events: number;
}

/** mulberry32: a small, fast, well-mixed 32-bit generator; `next()` is uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit mix of (seed, stream), so each client's workload is the same in every configuration. */
function mix(seed: number, stream: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Event kinds: a logical call starts (its first attempt), a retry is sent, an attempt is answered. */
const START = 0;
const SEND = 1;
const ANSWER = 2;
type Kind = typeof START | typeof SEND | typeof ANSWER;

/** A binary min-heap of events keyed by (time, sequence): ties keep insertion order. */
class Clock {
  private time: number[] = [];
  private seq: number[] = [];
  private kind: Kind[] = [];
  private client: number[] = [];
  private count = 0;
  private next = 0;

  get size(): number {
    return this.count;
  }

  push(time: number, kind: Kind, client: number): void {
    let i = this.count++;
    const seq = this.next++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.before(parent, time, seq)) break;
      this.move(parent, i);
      i = parent;
    }
    this.time[i] = time;
    this.seq[i] = seq;
    this.kind[i] = kind;
    this.client[i] = client;
  }

  /** Removes the earliest event into `out`: [time, kind, client]. */
  pop(out: [number, Kind, number]): void {
    out[0] = this.time[0];
    out[1] = this.kind[0];
    out[2] = this.client[0];
    const last = --this.count;
    const time = this.time[last];
    const seq = this.seq[last];
    const kind = this.kind[last];
    const client = this.client[last];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.less(child + 1, child)) child++;
      if (!this.before(child, time, seq)) break;
      this.move(child, i);
      i = child;
    }
    this.time[i] = time;
    this.seq[i] = seq;
    this.kind[i] = kind;
    this.client[i] = client;
  }

  private before(i: number, time: number, seq: number): boolean {
    return this.time[i] < time || (this.time[i] === time && this.seq[i] < seq);
  }

  private less(i: number, j: number): boolean {
    return this.before(i, this.time[j], this.seq[j]);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.seq[to] = this.seq[from];
    this.kind[to] = this.kind[from];
    this.client[to] = this.client[from];
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Runs one configuration over one workload. */
export function simulate(config: Config, workload: Partial<Workload> = {}): Figures {
  const w: Workload = Object.assign({}, DEFAULT_WORKLOAD, workload);
  const n = w.clients;
  const down = w.outageStart;
  const up = w.outageStart + w.outageLength;
  const end = up + w.tail;

  // Per-client workload streams; one stream for the jitter, read by the real `backoff` through Math.random.
  const streams: (() => number)[] = [];
  for (let i = 0; i < n; i++) streams.push(prng(mix(w.seed, i)));
  const jitter = prng(mix(w.seed, -1));
  const uniform = (i: number, min: number, max: number) => min + Math.floor(streams[i]() * (max - min + 1));

  const budgets: RetryBudget[] = [];
  for (let i = 0; i < n; i++) budgets.push(createBudget());
  const attempt = new Int32Array(n);
  const callStarted = new Float64Array(n);
  const sentAt = new Float64Array(n);
  const firstSuccess = new Float64Array(n).fill(NaN);
  const perSecond = new Int32Array(Math.ceil(end / 1000) + 1);

  let outageAttempts = 0;
  let outageFirstAttempts = 0;
  let outageGiveUps = 0;
  let events = 0;

  const clock = new Clock();
  for (let i = 0; i < n; i++) clock.push(uniform(i, 0, w.startSpread - 1), START, i);

  const saved = Math.random;
  Math.random = jitter;
  try {
    const event: [number, Kind, number] = [0, START, 0];
    while (clock.size) {
      clock.pop(event);
      const [now, kind, i] = event;
      if (now >= end) break;
      events++;
      if (kind === START) {
        attempt[i] = 0;
        callStarted[i] = now;
      }
      if (kind === START || kind === SEND) {
        attempt[i]++;
        sentAt[i] = now;
        perSecond[Math.floor(now / 1000)]++;
        if (now >= down && now < up) {
          outageAttempts++;
          if (attempt[i] === 1) outageFirstAttempts++;
        }
        clock.push(now + uniform(i, w.latencyMin, w.latencyMax), ANSWER, i);
        continue;
      }
      // An answer: the backend's state when the attempt reached it decides the outcome.
      const failed = sentAt[i] >= down && sentAt[i] < up;
      if (!failed) {
        budgets[i].count();
        if (now >= up && firstSuccess[i] !== firstSuccess[i]) firstSuccess[i] = now - up;
        clock.push(now + uniform(i, w.thinkMin, w.thinkMax), START, i);
        continue;
      }
      // Request error 13 is retryable, and a GET is safe to repeat: retry.ts's decisions follow.
      const budgetAllows = budgets[i].count({ kind: 'retryable' });
      let delay = -1;
      if (attempt[i] < RETRY.attempts && (!config.budget || budgetAllows)) {
        delay = config.jitter ? backoff(RETRY, attempt[i]) : Math.min(RETRY.maxDelay, RETRY.baseDelay * Math.pow(2, attempt[i] - 1));
        if (now - callStarted[i] + delay > RETRY.maxElapsed) delay = -1;
      }
      if (delay >= 0) {
        clock.push(now + delay, SEND, i);
      } else {
        outageGiveUps++;
        clock.push(now + uniform(i, w.thinkMin, w.thinkMax), START, i);
      }
    }
  } finally {
    Math.random = saved;
  }

  let outagePeak = 0;
  let recoveryPeak = 0;
  for (let s = 0; s < perSecond.length; s++) {
    if (s * 1000 >= down && (s + 1) * 1000 <= up) outagePeak = Math.max(outagePeak, perSecond[s]);
    if (s * 1000 >= up && (s + 1) * 1000 <= end) recoveryPeak = Math.max(recoveryPeak, perSecond[s]);
  }
  // The steady rate: the warm-up's second half, when every client has started.
  const steadyFrom = Math.ceil(Math.max(w.startSpread, down / 2) / 1000);
  const steadyTo = Math.floor(down / 1000);
  let steady = 0;
  for (let s = steadyFrom; s < steadyTo; s++) steady += perSecond[s];

  const recovered = Float64Array.from(Array.prototype.filter.call(firstSuccess, (t: number) => t === t) as number[]).sort();
  return {
    outageAttempts,
    outageFirstAttempts,
    amplification: outageAttempts / outageFirstAttempts,
    outageGiveUps,
    steadyPerSecond: steadyTo > steadyFrom ? steady / (steadyTo - steadyFrom) : NaN,
    outagePeakPerSecond: outagePeak,
    recoveryPeakPerSecond: recoveryPeak,
    firstSuccessMedian: percentile(recovered, 0.5),
    firstSuccessP99: percentile(recovered, 0.99),
    firstSuccessMax: recovered.length ? recovered[recovered.length - 1] : NaN,
    neverRecovered: n - recovered.length,
    events,
  };
}

/** Runs the four configurations (budget × jitter) over the same workload. */
export function simulateAll(workload: Partial<Workload> = {}): (Config & { name: string; figures: Figures })[] {
  return CONFIGS.map((config) => Object.assign({}, config, { figures: simulate(config, workload) }));
}

/**
 * Retries one client's budget allows in one outage: from a full bucket, its calls fail one after
 * another (no success comes in between), each retried while `attempts` and the budget allow, until
 * a call's first failure is refused. With the shipped bucket (10 tokens) and 3 attempts that is 3:
 * the first call retries twice, the second once. Counted with the real budget, so a `--max-tokens`
 * what-if gets its own figure.
 */
export function retriesPerOutage(attempts: number = RETRY.attempts): number {
  const budget = createBudget();
  let retries = 0;
  for (;;) {
    let n = 1;
    while (budget.count({ kind: 'retryable' }) && n < attempts) (retries++, n++);
    if (n === 1) return retries;
  }
}

/**
 * Workloads for the amplification law, amplification = 1 + r/k with r = retriesPerOutage() (3 as
 * shipped) and k the first attempts per client during the outage. Only the time between calls
 * differs from DEFAULT_WORKLOAD; with the default 30 s outage they give k ≈ 3, 9 and 30.
 */
export const LAW_WORKLOADS: { name: string; thinkMin: number; thinkMax: number }[] = [
  { name: 'k ≈ 3', thinkMin: 9000, thinkMax: 11000 },
  { name: 'k ≈ 9 (default)', thinkMin: DEFAULT_WORKLOAD.thinkMin, thinkMax: DEFAULT_WORKLOAD.thinkMax },
  { name: 'k ≈ 30', thinkMin: 500, thinkMax: 1100 },
];

/** Clients in each run of the law's workloads (fewer than the main run's 10,000, to stay quick). */
export const LAW_CLIENTS = 2000;

export interface LawRow {
  name: string;
  /** The workload the row ran: `workload` with LAW_WORKLOADS' think times and at most LAW_CLIENTS clients. */
  workload: Workload;
  /** First attempts per client during the outage. */
  k: number;
  /** Measured, with the budget and full jitter. */
  amplification: number;
  /** The law's prediction, 1 + retriesPerClient / k. */
  predicted: number;
  retriesPerClient: number;
}

/**
 * Runs the default configuration (budget, full jitter) over each of LAW_WORKLOADS, on `workload`
 * otherwise (seed, latency, outage…), and sets the measured amplification beside 1 + r/k.
 */
export function amplificationLaw(workload: Partial<Workload> = {}): LawRow[] {
  const base: Workload = Object.assign({}, DEFAULT_WORKLOAD, workload);
  const r = retriesPerOutage();
  return LAW_WORKLOADS.map(({ name, thinkMin, thinkMax }) => {
    const w: Workload = Object.assign({}, base, { clients: Math.min(base.clients, LAW_CLIENTS), thinkMin, thinkMax });
    const f = simulate(CONFIGS[0], w);
    const k = f.outageFirstAttempts / w.clients;
    return { name, workload: w, k, amplification: f.amplification, predicted: 1 + r / k, retriesPerClient: r };
  });
}
