#!/usr/bin/env node
// What the Alipay catalog costs the default entry, part by part (BENCHMARKS.md): the default entry
// is bundled as scripts/size.mjs does, once as built and once with each part of the Alipay table
// emptied; a part's cost is the difference. gzip shares bytes across parts, so the parts do not
// add up to the whole exactly. Run `npm run build` first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KB, bundle, gzipped, root } from './bundle.mjs';
import { compact } from './gen-catalog.mjs';

const catalog = JSON.parse(readFileSync(join(root, 'codes/alipay.json'), 'utf8'));
const { out: built } = compact(catalog);
const seed = catalog.entries.filter((e) => e.source === undefined);

/** The default entry's gzipped size with `table` as the Alipay catalog. */
async function defaultEntry(table) {
  const replaceTable = {
    name: 'alipay-table',
    setup(build) {
      build.onLoad({ filter: /catalog[\\/]alipay\.data\.js$/ }, () => ({
        contents: `export default ${JSON.stringify(table)};`,
        loader: 'js',
      }));
    },
  };
  return gzipped(await bundle({ code: "export * from './dist/esm/index.js'", plugins: [replaceTable] }));
}

/**
 * `table` with each entry's field at `offset` (1 code, 2 message, 3 meta index) replaced by `value`:
 * a placeholder stays in its place, so each part's cost is its content's, slightly understated.
 */
const without = (table, offset, value, apis = (a) => a) => ({
  ...table,
  rows: table.rows.map((row) => row.map((x, i) => (i === 0 ? apis(x) : (i - 1) % 3 === offset - 1 ? value : x))),
});

const full = await defaultEntry(built);
const empty = await defaultEntry({ ...built, groups: {}, metas: [], rows: [] });
const parts = [
  ['codes and APIs', await defaultEntry(without(built, 1, 0, () => ''))],
  ['kinds and hints', await defaultEntry({ ...without(built, 3, 0), metas: [''] })],
  ['messages', await defaultEntry(without(built, 2, ''))],
];
const seedOnly = await defaultEntry(compact({ ...catalog, entries: seed }).out);

const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;
console.log(`default entry: ${kb(full)} gzipped; the Alipay catalog in it: ${kb(full - empty)} (${catalog.entries.length} entries)`);
for (const [name, size] of parts) console.log(`  ${name.padEnd(16)} ${kb(full - size)}`);
console.log(`the seed's ${seed.length} entries alone: ${kb(seedOnly - empty)}; the API pages' entries add ${kb(full - seedOnly)}`);
