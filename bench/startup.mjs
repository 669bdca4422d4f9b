// Costs paid once per process: loading a module in a fresh Node, and minicall's first describe()
// (the catalog's compact tables are expanded on the first lookup, not at import).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A copy of dist/ in a temporary folder, removed at exit: the whole run times one build, even if
 * dist/ is rebuilt meanwhile. Resolves to the copy's index.mjs, loaded, and its file URL.
 */
export async function snapshotDist() {
  for (let attempt = 1; ; attempt++) {
    const folder = mkdtempSync(join(tmpdir(), 'minicall-bench-'));
    process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
    try {
      cpSync(join(root, 'dist'), join(folder, 'dist'), { recursive: true });
      const url = pathToFileURL(join(folder, 'dist/esm/index.js')).href;
      return { url, module: await import(url) };
    } catch (error) {
      // dist/ was being rebuilt while it was copied: copy it again.
      if (attempt === 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/** Runs `node -e script` in `root`: its wall time in ms, and what it printed. */
function wall(script) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`node -e ${script} failed:\n${run.stderr}`);
  return { ms, stdout: run.stdout };
}

/**
 * Wall time of `node -e "import('…')"` for each module against an empty `node -e ""`, spawned
 * `runs` times each, interleaved; the cost is the median of the module's runs less the median of
 * the baseline's. Each run also reports the import's own time, measured inside the process
 * (from before `import()` to its resolution), which a busy machine disturbs less.
 */
export function importCost(modules, runs = 25) {
  const baseline = [];
  const times = modules.map(() => []);
  const inside = modules.map(() => []);
  for (let i = 0; i < runs + 2; i++) {
    const b = wall('').ms;
    const t = modules.map((m) =>
      wall(
        `const t = process.hrtime.bigint(); import(${JSON.stringify(m.specifier)}).then(() => console.log(Number(process.hrtime.bigint() - t) / 1e6))`,
      ),
    );
    // The first two rounds warm the file cache and are dropped.
    if (i < 2) continue;
    baseline.push(b);
    t.forEach((run, j) => {
      times[j].push(run.ms);
      inside[j].push(Number(run.stdout));
    });
  }
  const base = median(baseline);
  return {
    baseline: base,
    rows: modules.map((m, j) => ({ name: m.name, ms: median(times[j]), cost: median(times[j]) - base, inside: median(inside[j]) })),
  };
}

/** The first describe() in a fresh process (the catalog's index is built), measured in-process; median of `runs`. */
export function coldDescribe(dist, runs = 15) {
  const script = `import(${JSON.stringify(dist)}).then(({ describe }) => {
    const t = process.hrtime.bigint(); describe('request', 13); const first = process.hrtime.bigint() - t;
    const u = process.hrtime.bigint(); describe('chooseImage', 11); const second = process.hrtime.bigint() - u;
    console.log(Number(first) / 1e3, Number(second) / 1e3);
  })`;
  const first = [];
  const second = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    const [a, b] = run.stdout.trim().split(' ').map(Number);
    first.push(a);
    second.push(b);
  }
  return { firstUs: median(first), secondUs: median(second) };
}
