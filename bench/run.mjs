#!/usr/bin/env node
// `npm run bench`: what a call costs (success path, retry path), describe() lookups, import cost
// and bundle sizes, against what a page would use instead. Prints Markdown tables for BENCHMARKS.md.
// Runs the built package (dist/), so `npm run bench` builds first. Not part of CI.
//
//   node bench/run.mjs [--quick] [--only success,retry,describe,import,size]
//   --quick: fewer rounds, for a smoke run (figures are noisier); --only: these sections alone
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { interleaved, machine, markdown, median, ns, ratio } from './lib.mjs';
import { sizes } from './sizes.mjs';
import { coldDescribe, importCost, snapshotDist } from './startup.mjs';
import { asyncHost, checkRetryPath, flakyHost, promisify, syncHost, withCockatiel, withPRetry } from './subjects.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? String(process.argv[onlyAt + 1]).split(',') : undefined;
const want = (section) => !only || only.includes(section);
const version = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
const P_RETRY = `p-retry ${version('p-retry')}`;
const COCKATIEL = `cockatiel ${version('cockatiel')}`;
const ROUNDS = quick ? 3 : 9;
const { url: DIST, module: minicall } = await snapshotDist();
const { createClient, describe } = minicall;
const print = (text = '') => console.log(text);

print(`## minicall benchmarks\n\nMachine: ${machine()}${quick ? ' (--quick: fewer rounds)' : ''}\n`);

// --- Success path -------------------------------------------------------------------------------

async function successPath(title, makeHost) {
  const host = makeHost();
  const bare = promisify(host, 'x');
  const client = createClient({ my: host, toast: false });
  const untimed = createClient({ my: host, toast: false, timeout: 0 });
  const perCall = { timeout: 0 };
  const tasks = [
    { name: 'floor: `await Promise.resolve()`', fn: () => Promise.resolve() },
    { name: 'hand-written promisify', fn: bare, base: true },
    { name: `promisify + ${P_RETRY}`, fn: withPRetry(bare), pRetry: true },
    { name: `promisify + ${COCKATIEL} retry`, fn: withCockatiel(bare) },
    { name: "minicall `client.call('x')` (default policy: 60 s timeout)", fn: () => client.call('x'), minicall: true },
    { name: "minicall `client.call('x')`, client with `timeout: 0`", fn: () => untimed.call('x'), untimed: true },
    { name: "minicall `client.call('x', undefined, { timeout: 0 })`", fn: () => client.call('x', undefined, perCall) },
    { name: 'minicall `client.api.x()` (default policy)', fn: () => client.api.x() },
  ];
  for (const t of tasks) {
    const value = await t.fn();
    if (t.name.indexOf('floor') < 0 && !(value && value.ok === 1)) throw new Error(`${t.name} resolved with ${JSON.stringify(value)}`);
  }
  const results = await interleaved(tasks, { rounds: ROUNDS, time: quick ? 60 : 150, batch: 100 });
  const cost = (flag) => results[tasks.findIndex((t) => t[flag])].ns;
  print(`### ${title}\n`);
  print(
    markdown(
      ['subject', 'per call (median of rounds)', 'rounds: min–max', '÷ promisify', '÷ p-retry'],
      results.map((r) => [r.name, ns(r.ns), `${ns(r.min)}–${ns(r.max)}`, ratio(r.ns, cost('base')), ratio(r.ns, cost('pRetry'))]),
    ),
  );
  print();
  return { minicall: cost('minicall'), untimed: cost('untimed'), base: cost('base'), pRetry: cost('pRetry') };
}

if (want('success')) {
  const sync = await successPath('Success path, host calling back synchronously (`host.x = (o) => o.success({ ok: 1 })`)', syncHost);
  const later = await successPath(
    'Success path, host calling back on the next microtask (the timeout timer is armed and cleared)',
    asyncHost,
  );

  const goal = (ok) => (ok ? '**met**' : '**not met**');
  print(
    `Goals (synchronous host, default policy): minicall ≤ 2.5× the bare promisify — ${goal(sync.minicall <= 2.5 * sync.base)} ` +
      `(${ratio(sync.minicall, sync.base)}); minicall ≤ ½ of p-retry — ${goal(sync.minicall <= sync.pRetry / 2)} (${ratio(sync.minicall, sync.pRetry)}). ` +
      `The 60 s timer's share: ${ns(sync.minicall - sync.untimed)} with the synchronous host (a callback before \`my.x\` returns arms no timer), ` +
      `${ns(later.minicall - later.untimed)} with the microtask host (${ratio(later.minicall, later.base)} the promisify, ${ratio(later.untimed, later.base)} without the timer).\n`,
  );
}

// --- Retry path ---------------------------------------------------------------------------------

if (want('retry')) {
  const GET = { url: 'https://api.example.com/orders', method: 'GET' };
  const pHost = flakyHost();
  const cHost = flakyHost();
  const mHost = flakyHost();
  const viaPRetry = withPRetry(promisify(pHost, 'request'));
  const viaCockatiel = withCockatiel(promisify(cHost, 'request'));
  // A fresh client per call: one client's retry budget (10 tokens, 1 per failed attempt, 0.1 back
  // per success) stops retrying after a few calls that each fail once, as it is meant to.
  const viaMinicall = () => createClient({ my: mHost, toast: false, retry: { baseDelay: 0 } }).call('request', GET);
  await checkRetryPath('p-retry', () => viaPRetry(GET), pHost);
  await checkRetryPath('cockatiel', () => viaCockatiel(GET), cHost);
  await checkRetryPath('minicall', viaMinicall, mHost);
  const tasks = [
    { name: `promisify + ${P_RETRY} (\`retries: 2, minTimeout: 0\`)`, fn: () => viaPRetry(GET) },
    { name: `promisify + ${COCKATIEL} (\`maxAttempts: 2, new ConstantBackoff(0)\`)`, fn: () => viaCockatiel(GET) },
    { name: "minicall, a new client per call (`retry: { baseDelay: 0 }`), `call('request', GET)`", fn: viaMinicall },
    {
      name: 'of which `createClient(…)` alone',
      fn: () => createClient({ my: mHost, toast: false, retry: { baseDelay: 0 } }),
    },
  ];
  const results = await interleaved(tasks, { rounds: quick ? 3 : 5, time: quick ? 40 : 100, batch: 5 });
  print(`### Retry path: \`request\` GET fails once with error 13, then succeeds; no backoff wait\n`);
  print(
    markdown(
      ['subject', 'per call (median of rounds)', 'rounds: min–max'],
      results.map((r) => [r.name, ns(r.ns), `${ns(r.min)}–${ns(r.max)}`]),
    ),
  );
  print(
    `\nA wait of 0 ms arms no timer in minicall or p-retry; cockatiel still calls \`setTimeout(…, 0)\`, which Node runs after ≥ 1 ms.\n`,
  );
  for (const host of [pHost, cHost, mHost]) if (host.invocations % 2) throw new Error('a retry-path call did not end in a success');
}

// --- describe() ---------------------------------------------------------------------------------

if (want('describe')) {
  const catalog = JSON.parse(readFileSync(join(root, 'codes/alipay.json'), 'utf8'));
  const bluetooth = catalog.groups.bluetooth[0];
  const lookups = catalog.entries.map((e) => [e.apis[0][0] === '@' ? bluetooth : e.apis[0], e.code]);
  for (const [api, code] of lookups) {
    const entry = describe(api, code);
    if (!entry || entry.code !== code) throw new Error(`describe(${api}, ${code}) found ${JSON.stringify(entry)}`);
  }
  let found = 0;
  const perLookup = [];
  for (let round = 0; round < (quick ? 3 : 7); round++) {
    const bench = new Bench({ time: quick ? 60 : 150, throws: true });
    bench.add(
      'describe',
      () => {
        for (let i = 0; i < lookups.length; i++) if (describe(lookups[i][0], lookups[i][1])) found++;
      },
      { async: false },
    );
    await bench.run();
    perLookup.push((bench.tasks[0].result.latency.p50 * 1e6) / lookups.length);
  }
  const each = median(perLookup);
  const cold = coldDescribe(DIST, quick ? 5 : 15);
  print(`### \`describe(api, code)\` over all ${lookups.length} entries of codes/alipay.json\n`);
  print(
    markdown(
      ['measure', 'value'],
      [
        [
          'per lookup (median of rounds; each entry looked up with its first API, Bluetooth group entries with `' + bluetooth + '`)',
          ns(each),
        ],
        ['lookups per second', `${(1e9 / each / 1e6).toFixed(2)} million`],
        ['first lookup in a fresh process (builds the index from the compact tables)', `${cold.firstUs.toFixed(0)} µs`],
        ['second lookup in that process', `${cold.secondUs.toFixed(1)} µs`],
      ],
    ),
  );
  print();
  if (!found) throw new Error('describe found nothing');
}

// --- Import cost ----------------------------------------------------------------------------------

if (want('import')) {
  const { baseline, rows } = importCost(
    [
      { name: 'an empty ES module (`data:text/javascript,`): the ESM loader alone', specifier: 'data:text/javascript,' },
      { name: 'minicall `dist/esm/index.js` (default entry)', specifier: DIST },
      { name: P_RETRY, specifier: 'p-retry' },
      { name: `${COCKATIEL} (whole package)`, specifier: 'cockatiel' },
    ],
    quick ? 8 : 25,
  );
  print(`### Import cost: \`node -e "import('…')"\` against \`node -e ""\` (${baseline.toFixed(1)} ms), fresh process each time\n`);
  print(
    markdown(
      ['module', 'wall time (median)', 'import cost (median − baseline)', '`import()` timed inside the process (median)'],
      rows.map((r) => [r.name, `${r.ms.toFixed(1)} ms`, `${r.cost.toFixed(1)} ms`, `${r.inside.toFixed(1)} ms`]),
    ),
  );
  print();
}

// --- Sizes --------------------------------------------------------------------------------------

if (want('size')) {
  const { rows, sizeCheck } = await sizes();
  print(`### Bundle sizes (esbuild, minified, ES2017, gzip -9; minicall's rows are \`node scripts/size.mjs\`, size check: ${sizeCheck})\n`);
  print(markdown(['bundle', 'minified', 'gzipped'], rows));
  print();
}
