// Runs the CLI in this one process over many command lines: `node test/helpers/cli-driver.mjs FILE`
// reads FILE, a JSON array of argv arrays (the arguments after `minicall`), runs each through
// bin/minicall.mjs's `run`, and prints a JSON array of `{ status, stdout, stderr }`, one per argv,
// in order. An error the CLI does not handle itself is reported as `{ status: 'threw', stderr: stack }`.
import { readFileSync } from 'node:fs';
import { run } from '../../bin/minicall.mjs';

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = cases.map((argv) => {
  try {
    return run(argv);
  } catch (error) {
    return { status: 'threw', stdout: '', stderr: String((error && error.stack) || error) };
  }
});
process.stdout.write(JSON.stringify(results));
