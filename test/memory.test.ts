// One `onabort`-style signal shared by 100,000 calls of the built package: nothing of a finished
// call stays on it, and the heap does not grow with the number of calls. Runs in its own Node
// process, with a garbage collector it can call, so the figures are the package's alone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

it('100,000 calls sharing one onabort signal leave no handler on it, and the heap flat', () => {
  if (!existsSync(join(__dirname, '../dist/cjs/index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  const run = spawnSync(process.execPath, ['--expose-gc', join(__dirname, 'helpers/shared-signal-memory.cjs')], { encoding: 'utf8', timeout: 60000 });
  expect(run.stderr).toBe('');
  const { heap, handlersSeen, restored } = JSON.parse(run.stdout);
  // While calls were in flight the signal held minicall's one handler; once all were done, the page's own again.
  expect(handlersSeen).toBe(100);
  expect(restored).toBe(true);
  // From the first 10,000 calls to the last: no growth beyond noise (before, 200,000 calls kept 145 MB).
  expect(heap).toHaveLength(10);
  const growth = heap[heap.length - 1] - heap[0];
  expect(growth).toBeLessThan(1024 * 1024);
}, 60000);
