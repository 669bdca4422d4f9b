// Measuring helpers for bench/run.mjs: interleaved rounds over tinybench, medians, tables.
import { Bench } from 'tinybench';
import { cpus } from 'node:os';
import { execSync } from 'node:child_process';

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Per-call cost of each task, in ns: `rounds` rounds, each running every task once (the order
 * rotating, so no task always runs first or last, i.e. right after a GC or a JIT warm-up of another).
 * A task sample awaits `batch` calls in a row; its cost is the sample's median divided by `batch`.
 * The figure reported is the median over the rounds, with the rounds' spread.
 *
 * @param tasks [{ name, fn }]: `fn()` makes one call and returns its promise
 */
export async function interleaved(tasks, { rounds = 7, time = 150, warmup = 50, batch = 100 } = {}) {
  const perRound = new Map(tasks.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = tasks.map((_, i) => tasks[(i + round) % tasks.length]);
    const bench = new Bench({ time, warmupTime: round === 0 ? warmup * 4 : warmup, throws: true });
    for (const { name, fn } of order) {
      bench.add(
        name,
        async () => {
          for (let i = 0; i < batch; i++) await fn();
        },
        { async: true },
      );
    }
    await bench.run();
    for (const task of bench.tasks) {
      if (task.result.state !== 'completed') throw new Error(`${task.name}: ${task.result.state} ${task.result.error || ''}`);
      perRound.get(task.name).push((task.result.latency.p50 * 1e6) / batch);
    }
  }
  return tasks.map(({ name }) => {
    const values = perRound.get(name);
    return { name, ns: median(values), min: Math.min(...values), max: Math.max(...values) };
  });
}

/** A Markdown table: `head` is the header row, `rows` arrays of cells. */
export function markdown(head, rows) {
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

export const ns = (v) => (v >= 100000 ? `${(v / 1000).toFixed(0)} µs` : v >= 10000 ? `${(v / 1000).toFixed(1)} µs` : `${Math.round(v)} ns`);
export const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

/** The machine line BENCHMARKS.md asks for. */
export function machine() {
  const cpu = cpus();
  let uname = '';
  try {
    uname = execSync('uname -srm', { encoding: 'utf8' }).trim();
  } catch (ignored) {}
  return `${process.version} ${cpu[0].model} ×${cpu.length}; ${uname}; ${new Date().toISOString().slice(0, 10)}`;
}
