// How a page's bundler would ship an entry of the built package (esbuild, minified, UTF-8 kept),
// shared by scripts/size.mjs and scripts/catalog-cost.mjs so both measure the same thing.
import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const KB = 1024;

/** The minified bundle of `code` (a module importing from ./dist), as text. */
export async function bundle({ code, plugins = [], platform = 'neutral' }) {
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    // The build is ES5 already; an ES5 target keeps the minifier from writing newer syntax back in.
    target: platform === 'node' ? 'es2022' : 'es5',
    charset: 'utf8',
    platform,
    write: false,
    plugins,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** Bytes of `text` after gzip -9. */
export const gzipped = (text) => gzipSync(text, { level: 9 }).length;
