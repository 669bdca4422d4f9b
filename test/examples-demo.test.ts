// `npm run demo` (its second half: `node scripts/demo.mjs`, over the build `npm test` makes before
// Jest runs): the four scenarios, exit 0, within 15 s, nothing left running.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const LIMIT_MS = 15000;

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'scripts/demo.mjs')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    // The demo must end by itself; one that outstays the limit is killed and fails below.
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS + 2000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

it('runs the four example scenarios and exits 0 within 15 s', async () => {
  if (!existsSync(join(ROOT, 'dist/esm/index.js')) || !existsSync(join(ROOT, 'dist/esm/testing/index.js'))) {
    throw new Error('dist/ is missing: this test runs the demo over the build; run `npm run build` first (`npm test` does).');
  }
  const { code, stdout, stderr, ms } = await runDemo();
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(ms).toBeLessThan(LIMIT_MS);
  for (const heading of [
    /^1\. Order list, first answer slower than the request timeout/m,
    /^2\. Payment answered 8000, settled by asking the server/m,
    /^3\. Payment answered 6004, and the trade turns out closed/m,
    /^4\. Authorisation declined by the user/m,
  ]) {
    expect(stdout).toMatch(heading);
  }
  // The trace: attempts, codes with their catalog meaning, the retry delay, the follow-up and the toast.
  expect(stdout).toMatch(/← fail 13 超时。 \[retryable\]/);
  expect(stdout).toMatch(/retry in \d+ ms/);
  expect(stdout).toMatch(/← resultCode 8000 .* \[pending\]/);
  expect(stdout).toMatch(/asked the server → WAIT_BUYER_PAY[\s\S]*asked the server → TRADE_SUCCESS/);
  expect(stdout).toMatch(/asked the server → TRADE_CLOSED/);
  expect(stdout).toMatch(/toast "交易已关闭，未扣款"/);
  expect(stdout).toMatch(/← fail 10 .* \[cancel\]/);
  expect(stdout).not.toMatch(/UNEXPECTED/);
  expect(stdout).toMatch(/All 4 scenarios ended as expected .*; servers closed\./);
}, 30000);
