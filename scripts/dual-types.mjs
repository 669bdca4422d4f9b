#!/usr/bin/env node
// The CommonJS build gets the same declarations as the ES module build, beside its own files: in
// dist/cjs (a "commonjs" package scope) TypeScript reads them as CommonJS, so `require` callers
// under node16/nodenext get types that describe what they load, not an ES module's.
import { cpSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../dist');
cpSync(join(dist, 'esm'), join(dist, 'cjs'), { recursive: true, filter: (path) => !path.endsWith('.js') });
// The nearest package.json decides both the module format and, for bundlers, what has side effects.
const scope = { type: 'commonjs', sideEffects: ['./locales/en.js'] };
writeFileSync(join(dist, 'cjs/package.json'), JSON.stringify(scope, null, 2) + '\n');
