import { spawnSync } from 'node:child_process';
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
