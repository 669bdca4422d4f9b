// Every built file a page can load is ES5 syntax: Alipay's compiler leaves node_modules untouched.
// The testing kit runs on Node only and may be modern.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { es5Problems, jsFiles } from './helpers/es5';

const dist = join(__dirname, '../dist');
if (!existsSync(join(dist, 'esm/index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');

const runtimeFiles = (build: string) => jsFiles(join(dist, build)).filter((file) => !file.startsWith('testing/'));

describe('the checker', () => {
  it('finds what ES5 lacks in scripts and in modules', () => {
    expect(es5Problems('var f = function () { return 1; };', 'script')).toEqual([]);
    expect(es5Problems('const f = () => 1;', 'script')).not.toEqual([]);
    expect(es5Problems('import { a } from "./a.js"; var b = a; export { b };', 'module')).toEqual([]);
    expect(es5Problems('export const f = (x) => `${x}`;', 'module')).toEqual([
      '1:24 TemplateLiteral',
      '1:17 ArrowFunctionExpression',
      '1:7 const',
    ]);
    expect(es5Problems('var o = { a, b() {} }; class C {} var r = /x/u;', 'module')).toHaveLength(4);
  });
});

describe.each(['esm', 'cjs'])('dist/%s', (build) => {
  const files = runtimeFiles(build);

  it('holds the runtime files of every entry a page imports', () => {
    for (const entry of ['index.js', 'platforms/unionpay/index.js', 'solutions/index.js', 'locales/en.js']) expect(files).toContain(entry);
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files)('%s is ES5', (file) => {
    const code = readFileSync(join(dist, build, file), 'utf8');
    expect(es5Problems(code, build === 'esm' ? 'module' : 'script')).toEqual([]);
  });
});
