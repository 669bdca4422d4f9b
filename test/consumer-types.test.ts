// A consumer of the built package gets the typings of `my.*` with no tsconfig entry: the fixture's
// tsconfig lists no `types`, and imports `minicall` through node_modules as an installed package does.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');

it('type-checks a page that imports the built package, with typed results and misspellings rejected', () => {
  if (!existsSync(join(root, 'dist/types/index.d.ts'))) throw new Error('dist/types is missing: run `npm run build` first (npm test does)');
  const dir = mkdtempSync(join(tmpdir(), 'minicall-consumer-'));
  try {
    cpSync(join(__dirname, 'fixtures/consumer'), dir, { recursive: true });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules/minicall'), 'dir');
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60000);
