import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

it('the generated tables in src/ match codes/*.json (run `npm run gen` after editing codes/)', () => {
  const result = spawnSync(process.execPath, [join(__dirname, '../scripts/gen-catalog.mjs'), '--check'], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
});

it('the table of my.* functions in src/ matches the installed @mini-types/my (run `npm run gen` after updating it)', () => {
  const result = spawnSync(process.execPath, [join(__dirname, '../scripts/gen-surface.mjs'), '--check'], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
});

it("scripts/catalog-cost.mjs measures the catalog's parts in the built default entry (BENCHMARKS.md)", () => {
  const result = spawnSync(process.execPath, [join(__dirname, '../scripts/catalog-cost.mjs')], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  const kb = (label: string) => Number((result.stdout.match(new RegExp(`${label}:? +([\\d.]+) KB`)) || [])[1]);
  const whole = kb('the Alipay catalog in it');
  const parts = ['codes and APIs', 'kinds and hints', 'messages'].map(kb);
  expect(parts.every((part) => part > 0 && part < whole)).toBe(true);
  // gzip shares bytes across parts: their sum is near the whole, never far from it.
  const sum = parts.reduce((a, b) => a + b, 0);
  expect(Math.abs(sum - whole) / whole).toBeLessThan(0.25);
  const entries = JSON.parse(readFileSync(join(__dirname, '../codes/alipay.json'), 'utf8')).entries.length;
  expect(result.stdout).toContain(`(${entries} entries)`);
}, 30000);
