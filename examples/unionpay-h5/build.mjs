#!/usr/bin/env node
// Bundles the page for the browser with esbuild: page.js → dist/page.js, and the upsdk stand-in
// (for tests and the demo, never for the wallet) → dist/upsdk-stand-in.js, each one IIFE script.
//
//   node examples/unionpay-h5/build.mjs [--outdir <dir>]
//
// `minicall` resolves to this repository's build (dist/ at its root, made by `npm run build`);
// copied out of the repository, to the installed package (`npm install minicall esbuild`).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The ES module build of minicall: this repository's, or the installed package's. */
function minicallBuild() {
  const root = join(HERE, '../..');
  try {
    if (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name === 'minicall') return join(root, 'dist/esm');
  } catch (notInRepository) {}
  return join(dirname(createRequire(import.meta.url).resolve('minicall/package.json')), 'dist/esm');
}
const BUILD = minicallBuild();

export const ALIAS = {
  minicall: join(BUILD, 'index.js'),
  'minicall/unionpay': join(BUILD, 'platforms/unionpay/index.js'),
  // The testing kit's index also carries the fake `my` with real HTTP (Node only); the stand-in
  // needs only the upsdk fake, which runs anywhere (setTimeout and Proxy).
  'minicall/testing': join(BUILD, 'testing/fake-upsdk.js'),
};

/** Builds both bundles into `outdir` (default: this folder's dist/); resolves with their paths. */
export async function build({ outdir = join(HERE, 'dist'), minify = true } = {}) {
  for (const file of Object.values(ALIAS)) {
    if (!existsSync(file)) throw new Error(`unionpay-h5: ${file} is missing — run \`npm run build\` at the repository root first`);
  }
  await esbuild({
    entryPoints: { page: join(HERE, 'page.js'), 'upsdk-stand-in': join(HERE, 'upsdk-stand-in.js') },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2017',
    minify,
    alias: ALIAS,
    logLevel: 'warning',
  });
  return { page: join(outdir, 'page.js'), standIn: join(outdir, 'upsdk-stand-in.js') };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--outdir');
  const outdir = at > 0 ? resolve(process.argv[at + 1] || '') : undefined;
  build({ outdir }).then(
    (files) => console.log(`built ${files.page} and ${files.standIn}`),
    (error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
