// Bundle sizes of minicall's entries (from scripts/size.mjs) and of the peers a page would use
// instead, measured the same way: esbuild bundle, minified, ES2017, UTF-8 kept, gzip -9.
import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const KB = 1024;
const version = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

const PEERS = [
  { name: `p-retry ${version('p-retry')} (default export)`, code: "export { default } from 'p-retry'" },
  {
    name: `cockatiel ${version('cockatiel')}, retry only (retry, handleAll, ExponentialBackoff)`,
    code: "export { retry, handleAll, ExponentialBackoff } from 'cockatiel'",
  },
  {
    name: `miniprogram-api-promise ${version('miniprogram-api-promise')} (promisifyAll, promisify)`,
    code: "export * from 'miniprogram-api-promise'",
  },
];

async function bundle(code) {
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2017',
    charset: 'utf8',
    platform: 'neutral',
    // A mini-program bundler resolves packages as a browser bundler does.
    mainFields: ['module', 'main'],
    conditions: ['import', 'module', 'default'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** Rows [bundle, minified, gzipped]: minicall's (from `node scripts/size.mjs`), then the peers'. */
export async function sizes() {
  const run = spawnSync(process.execPath, [join(root, 'scripts/size.mjs')], { cwd: root, encoding: 'utf8' });
  const rows = [];
  for (const line of run.stdout.split('\n').slice(1)) {
    const cells = line.split(/\s{2,}/);
    if (cells.length >= 3 && / KB$/.test(cells[2])) rows.push([`minicall: ${cells[0]}`, cells[1], cells[2]]);
  }
  if (!rows.length) throw new Error(`scripts/size.mjs printed no sizes:\n${run.stdout}${run.stderr}`);
  for (const peer of PEERS) {
    const text = await bundle(peer.code);
    rows.push([peer.name, `${(text.length / KB).toFixed(2)} KB`, `${(gzipSync(text, { level: 9 }).length / KB).toFixed(2)} KB`]);
  }
  return { rows, sizeCheck: run.status === 0 ? 'passes' : `fails (exit ${run.status})` };
}
