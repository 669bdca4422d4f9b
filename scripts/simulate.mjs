#!/usr/bin/env node
// Retry storms: N clients against a backend that is down for 30 s, under four configurations
// (retry budget on/off × full jitter/no jitter), on a virtual clock with seeded randomness; then
// the amplification law, 1 + 3/k, against the budget's amplification measured at k ≈ 3, 9 and 30.
// The retry decisions are minicall's own: scripts/simulate/core.ts imports src/policies/backoff.ts
// and src/policies/budget.ts (createBudget), and esbuild bundles them for Node into a temporary folder here.
//
//   npm run simulate -- [--clients 10000] [--seed 1] [--think 1000-5000] [--outage 30000] [--json]
//
// `--max-tokens N` is a what-if: it bundles budget.ts with its MAX_TOKENS constant set to N, to
// weigh a change to the budget before making it. Without it, the code runs exactly as shipped.
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: npm run simulate -- [--clients N] [--seed S] [--think MIN-MAX] [--latency MIN-MAX] [--outage MS] [--json]
  --clients  clients (default 10000)
  --seed     seed of the workload and of the backoff jitter (default 1)
  --think    ms between the end of one call and the start of the next, uniform (default 1000-5000)
  --latency  ms before each attempt is answered, uniform (default 50-250)
  --outage   ms the backend stays down, from t = 10 s (default 30000)
  --max-tokens  what-if: bundle src/policies/budget.ts with MAX_TOKENS = N (default: as shipped, 10)
  --json     print the figures as JSON instead of a table`;

function parse(argv) {
  const workload = {};
  let json = false;
  let maxTokens;
  const range = (flag, value) => {
    const m = /^(\d+)-(\d+)$/.exec(value || '');
    if (!m || +m[1] > +m[2]) fail(`${flag} expects MIN-MAX in ms, got ${value}`);
    return [+m[1], +m[2]];
  };
  const whole = (flag, value, min) => {
    if (!/^\d+$/.test(value || '') || +value < min) fail(`${flag} expects a whole number ≥ ${min}, got ${value}`);
    return +value;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--json') json = true;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (flag === '--clients') ((workload.clients = whole(flag, value, 1)), i++);
    else if (flag === '--seed') ((workload.seed = whole(flag, value, 0)), i++);
    else if (flag === '--outage') ((workload.outageLength = whole(flag, value, 1000)), i++);
    else if (flag === '--max-tokens') ((maxTokens = whole(flag, value, 1)), i++);
    else if (flag === '--think') (([workload.thinkMin, workload.thinkMax] = range(flag, value)), i++);
    else if (flag === '--latency') (([workload.latencyMin, workload.latencyMax] = range(flag, value)), i++);
    else fail(`unknown flag ${flag}`);
  }
  return { workload, json, maxTokens };
}

function fail(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

/** A what-if: src/policies/budget.ts as shipped, but for the size of the bucket. */
const bucketOf = (tokens) => ({
  name: 'what-if-max-tokens',
  setup(build) {
    build.onLoad({ filter: /policies[\\/]budget\.ts$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const constant = /export const MAX_TOKENS = \d+;/;
      if (!constant.test(source)) throw new Error('--max-tokens: `export const MAX_TOKENS = <n>;` not found in src/policies/budget.ts');
      return { contents: source.replace(constant, `export const MAX_TOKENS = ${tokens * 1000};`), loader: 'ts' };
    });
  },
});

/** Bundles the simulation with minicall's real policy modules; returns the loaded module. */
export async function loadCore({ maxTokens } = {}) {
  const out = mkdtempSync(join(tmpdir(), 'minicall-simulate-'));
  try {
    await esbuild.build({
      entryPoints: [join(root, 'scripts/simulate/core.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node18',
      outfile: join(out, 'core.mjs'),
      plugins: maxTokens === undefined ? [] : [bucketOf(maxTokens)],
      logLevel: 'silent',
    });
    return await import(pathToFileURL(join(out, 'core.mjs')).href);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const ms = (v) => (v === v ? `${(v / 1000).toFixed(2)} s` : '—');

export function table(results) {
  const head = [
    'configuration',
    'attempts in outage',
    'first attempts',
    'amplification',
    'peak/s in outage',
    'peak/s after recovery',
    'first success after recovery: median',
    'p99',
    'no success',
  ];
  const rows = results.map(({ name, figures: f }) => [
    name,
    String(f.outageAttempts),
    String(f.outageFirstAttempts),
    f.amplification.toFixed(3),
    String(f.outagePeakPerSecond),
    String(f.recoveryPeakPerSecond),
    ms(f.firstSuccessMedian),
    ms(f.firstSuccessP99),
    String(f.neverRecovered),
  ]);
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { workload, json, maxTokens } = parse(process.argv.slice(2));
  const core = await loadCore({ maxTokens });
  const w = Object.assign({}, core.DEFAULT_WORKLOAD, workload);
  const started = performance.now();
  const results = core.simulateAll(w);
  const law = core.amplificationLaw(w);
  const seconds = (performance.now() - started) / 1000;
  const r = core.retriesPerOutage();
  if (json) {
    console.log(
      JSON.stringify(
        { workload: w, retry: core.RETRY, maxTokens: core.MAX_TOKENS / 1000, results, law: { retriesPerClient: r, rows: law } },
        null,
        2,
      ),
    );
  } else {
    const budgeted = results.find((r) => r.budget && r.jitter).figures;
    const unbudgeted = results.find((r) => !r.budget && r.jitter).figures;
    console.log(
      `${w.clients} clients, seed ${w.seed}; backend down ${w.outageStart / 1000}–${(w.outageStart + w.outageLength) / 1000} s; ` +
        `think ${w.thinkMin}–${w.thinkMax} ms, latency ${w.latencyMin}–${w.latencyMax} ms; retry ${JSON.stringify(core.RETRY)}; ` +
        `budget MAX_TOKENS ${core.MAX_TOKENS / 1000}${maxTokens === undefined ? '' : ' (what-if)'}; ` +
        `steady load before the outage ≈ ${Math.round(budgeted.steadyPerSecond)} attempts/s\n`,
    );
    console.log(table(results));
    const k = budgeted.outageFirstAttempts / w.clients;
    console.log(
      `\nWith the budget, amplification ${budgeted.amplification.toFixed(3)} at k = ${k.toFixed(2)} ` +
        `(1 + ${r}/k = ${(1 + r / k).toFixed(3)}); ${unbudgeted.amplification.toFixed(3)} without the budget.`,
    );
    console.log(
      `\nAmplification law: the budget lets each client retry ${r} time${r === 1 ? '' : 's'} per outage, so amplification = 1 + ${r}/k, ` +
        `k = first attempts per client during the outage. Budget, full jitter, ${law[0].workload.clients} clients, ` +
        `the workload above but for the time between calls:\n`,
    );
    const head = ['workload', 'next call after', 'k', 'amplification', `1 + ${r}/k`];
    const rows = law.map((row) => [
      row.name,
      `${row.workload.thinkMin}–${row.workload.thinkMax} ms`,
      row.k.toFixed(2),
      row.amplification.toFixed(3),
      row.predicted.toFixed(3),
    ]);
    console.log([head, head.map(() => '---'), ...rows].map((c) => `| ${c.join(' | ')} |`).join('\n'));
    const events = results.reduce((s, r) => s + r.figures.events, 0);
    console.log(`\n${events} events, and ${law.length} law runs, in ${seconds.toFixed(1)} s.`);
  }
}
