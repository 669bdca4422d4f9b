/**
 * Finds syntax newer than ES5 in built files, with a real parser. Alipay compiles nothing under
 * node_modules, so whatever minicall ships for pages must already be ES5.
 * A script (CommonJS, or a page bundle) must parse as ES5. An ES module cannot (ES5 parsers refuse
 * `import`), so it is parsed as ES2015 and every node ES5 lacks, other than `import`/`export`, is named.
 */
import { parse, type Node } from 'acorn';
import { full } from 'acorn-walk';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// Node types that exist only after ES5, whatever their context.
const NEWER = new Set([
  'ArrowFunctionExpression',
  'ClassDeclaration',
  'ClassExpression',
  'TemplateLiteral',
  'TaggedTemplateExpression',
  'SpreadElement',
  'RestElement',
  'ForOfStatement',
  'ObjectPattern',
  'ArrayPattern',
  'AssignmentPattern',
  'YieldExpression',
  'AwaitExpression',
  'Super',
  'MetaProperty',
  'ChainExpression',
]);

function newerThanES5(node: any): string | undefined {
  if (NEWER.has(node.type)) return node.type;
  if (node.type === 'VariableDeclaration' && node.kind !== 'var') return node.kind;
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && (node.generator || node.async))
    return node.generator ? 'generator function' : 'async function';
  if (node.type === 'Property' && (node.method || node.shorthand || node.computed)) return 'shorthand, method or computed property';
  if (node.type === 'Literal' && node.regex && /[uys]/.test(node.regex.flags)) return `regular expression flag /${node.regex.flags}`;
  if (node.type === 'Literal' && typeof node.value === 'number' && /^0[bBoO]/.test(node.raw)) return 'binary or octal literal';
  return undefined;
}

/** What in `code` is newer than ES5, as "line:column what"; empty when it is all ES5. */
export function es5Problems(code: string, kind: 'script' | 'module'): string[] {
  if (kind === 'script') {
    try {
      parse(code, { ecmaVersion: 5, sourceType: 'script', locations: true });
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  }
  const problems: string[] = [];
  const ast = parse(code, { ecmaVersion: 2015, sourceType: 'module', locations: true });
  full(ast, (node: Node) => {
    const what = newerThanES5(node);
    if (what) problems.push(`${node.loc!.start.line}:${node.loc!.start.column} ${what}`);
  });
  return problems;
}

/** Every `.js` file below `dir`, as paths relative to it. */
export function jsFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return jsFiles(dir, path);
    return path.endsWith('.js') ? [path] : [];
  });
}
