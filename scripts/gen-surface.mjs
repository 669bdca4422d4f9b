#!/usr/bin/env node
// Reads every function @mini-types/my declares (namespaces my, my.ap, my.cloud) with TypeScript's
// own checker and writes src/platforms/alipay-surface.data.ts: each function's calling style, the
// one table both the runtime and the `Api` type classify `my.*` names by.
// Run `npm run gen` after updating @mini-types/my; `--check` (the test suite) fails when stale.
import ts from 'typescript';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const typings = join(root, 'node_modules/@mini-types/my');
const OUT = join(root, 'src/platforms/alipay-surface.data.ts');

/** The styles, by their letter in the table. */
export const STYLES = {
  p: 'callback-style (success/fail/complete): promised',
  s: 'answers synchronously with a value',
  l: 'takes a function: listeners (onX and offX, on, off) and the generic bridge `call`',
  o: 'returns a context, manager, task or other object synchronously',
  v: 'returns nothing and takes no callbacks',
};

/** Where the typings are known to be wrong, the style the runtime really has, and why. */
export const OVERRIDES = {
  connectSocket: ['p', 'takes success/fail/complete like every socket API (open-docs my.connectSocket); its typings omit them'],
};

/** Every declared function of `my`, by its name (`ap.` and `cloud.` for the nested namespaces). */
function declaredFunctions() {
  const files = ['lib.my.d.ts', 'lib.my.extra.d.ts'].map((file) => join(typings, 'types', file));
  const program = ts.createProgram(files, { types: [], skipLibCheck: true, target: ts.ScriptTarget.ES2020 });
  const checker = program.getTypeChecker();
  const found = new Map();
  const visit = (node, prefix) => {
    if (ts.isModuleDeclaration(node)) {
      const name = node.name.text;
      const inner = prefix === undefined ? (name === 'my' ? '' : undefined) : prefix + name + '.';
      if (inner === undefined || !node.body) return;
      if (ts.isModuleDeclaration(node.body)) visit(node.body, inner);
      else ts.forEachChild(node.body, (child) => visit(child, inner));
    } else if (prefix !== undefined && ts.isFunctionDeclaration(node) && node.name) {
      const name = prefix + node.name.text;
      found.set(name, (found.get(name) || []).concat(checker.getSignatureFromDeclaration(node)));
    }
  };
  for (const file of files) ts.forEachChild(program.getSourceFile(file), (child) => visit(child, undefined));
  return {
    found,
    checker,
    own: (symbol) => !!symbol && (symbol.declarations || []).some((d) => d.getSourceFile().fileName.startsWith(typings)),
  };
}

/** A function's style, read from its declared overloads. */
function styleOf(signatures, checker, own) {
  const params = signatures.flatMap((signature) => signature.parameters.map((p) => checker.getTypeOfSymbol(p).getNonNullableType()));
  const isFunction = (type) => type.getCallSignatures().length > 0;
  if (params.some((type) => ['success', 'fail', 'complete'].some((name) => type.getProperty(name)))) return 'p';
  if (params.some(isFunction)) return 'l';
  const result = checker.getReturnTypeOfSignature(signatures[signatures.length - 1]);
  if (result.flags & ts.TypeFlags.Void) return 'v';
  // An object the typings define whose members include methods (a context, a manager, a task).
  const methods = result.getProperties().some((p) => isFunction(checker.getTypeOfSymbol(p)));
  return methods && own(result.getSymbol() || result.aliasSymbol) && !result.getProperty('then') ? 'o' : 's';
}

export function surface() {
  const { found, checker, own } = declaredFunctions();
  const table = {};
  for (const name of [...found.keys()].sort()) table[name] = styleOf(found.get(name), checker, own);
  for (const [name, [style]] of Object.entries(OVERRIDES)) {
    if (!(name in table)) throw new Error(`override for ${name}: @mini-types/my no longer declares it`);
    if (table[name] === style) throw new Error(`override for ${name}: the typings now say ${style} themselves; remove it`);
    table[name] = style;
  }
  return table;
}

/**
 * How a name the table does not know (an API newer than the typings) is classified: called directly
 * when it looks like a listener, a factory, a manager getter or a synchronous call; else promised.
 */
export const FALLBACK_DIRECT = /^(on|off)([A-Z]|$)|^create|^get\w*Manager$|Sync$/;

function render(table) {
  const version = JSON.parse(readFileSync(join(typings, 'package.json'), 'utf8')).version;
  const names = Object.keys(table);
  const counts = Object.keys(STYLES)
    .map((s) => `${names.filter((n) => table[n] === s).length} ${s}`)
    .join(', ');
  // The runtime tells promised names from the rest; it carries only the names the fallback would misjudge.
  const direct = names.filter((n) => table[n] !== 'p' && !FALLBACK_DIRECT.test(n));
  const promised = names.filter((n) => table[n] === 'p' && FALLBACK_DIRECT.test(n));
  const key = (name) => (/^\w+$/.test(name) ? name : `'${name}'`);
  return [
    `// Generated by scripts/gen-surface.mjs from @mini-types/my ${version}. Do not edit; run \`npm run gen\`.`,
    `// ${names.length} functions: ${counts}.`,
    '// Overrides, where the typings are wrong:',
    ...Object.entries(OVERRIDES).map(([name, [style, why]]) => `//   ${name}: ${style}, ${why}.`),
    '',
    '/**',
    ' * Every function of `my` (`ap.` and `cloud.` for the nested namespaces) by its calling style:',
    ...Object.entries(STYLES).map(([s, what]) => ` * - ${s}: ${what}.`),
    ' * Types only: `Api` and `call` are typed from it, and it costs a page nothing.',
    ' */',
    'export interface Surface {',
    ...names.map((name) => `  ${key(name)}: '${table[name]}';`),
    '}',
    '',
    '/** What a name missing from `Surface` is taken for: called directly when it matches, else promised. */',
    `export const FALLBACK_DIRECT = ${FALLBACK_DIRECT};`,
    '',
    '/** Names in `Surface` that are not promised although FALLBACK_DIRECT misses them, comma-separated. */',
    `export const DIRECT = '${direct.join(',')}';`,
    '',
    '/** Names in `Surface` that are promised although FALLBACK_DIRECT matches them. */',
    `export const PROMISED = '${promised.join(',')}';`,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--json')) {
    // The whole table, for tests that walk every function.
    console.log(JSON.stringify(surface()));
    process.exit(0);
  }
  const text = render(surface());
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUT, 'utf8');
    } catch (missing) {}
    if (current !== text) {
      console.error('stale: src/platforms/alipay-surface.data.ts does not match the installed @mini-types/my; run `npm run gen`');
      process.exit(1);
    }
  } else writeFileSync(OUT, text);
}
