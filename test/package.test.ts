// minicall as its users get it: the packed tarball, installed into fresh projects, checked by the
// ecosystem's package linters, type-checked by several TypeScript versions under every resolution
// mode, loaded by Node both ways, and bundled as a mini-program compiler resolves packages.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import * as esbuild from 'esbuild';
import { es5Problems } from './helpers/es5';

const root = join(__dirname, '..');
const fixtures = join(__dirname, 'fixtures/consumer');
const ENTRIES = ['minicall', 'minicall/unionpay', 'minicall/payment', 'minicall/solutions', 'minicall/en', 'minicall/testing'];
// The oldest TypeScript minicall supports for its users (README says so), and the newest release.
// The build's own TypeScript (6.x) is the repository's.
const TYPESCRIPTS: Record<string, string> = {
  'TypeScript 5.0': 'ts-oldest/bin/tsc',
  'TypeScript 6': join(root, 'node_modules/typescript/bin/tsc'),
  'TypeScript 7': 'ts-newest/bin/tsc',
};

let tmp: string;
let tarball: string;
let project: string;

const run = (command: string, args: string[], cwd: string) => spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120000 });

/** Runs a TypeScript of the matrix in `cwd`: strict, with `skipLibCheck: false`, checking only. */
function tsc(ts: string, cwd: string, options: { target?: string; module: string; resolution: string }, files: string[]) {
  const bin = TYPESCRIPTS[ts].startsWith('/') ? TYPESCRIPTS[ts] : join(project, 'node_modules', TYPESCRIPTS[ts]);
  const flags = ['--strict', '--skipLibCheck', 'false', '--noEmit', '--target', options.target || 'es2017'];
  return run(process.execPath, [bin, ...flags, '--module', options.module, '--moduleResolution', options.resolution, ...files], cwd);
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist/esm/index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  tmp = mkdtempSync(join(tmpdir(), 'minicall-package-'));
  // dist/ is already built by `npm test`; packing without scripts does not build it again.
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: root, encoding: 'utf8' }),
  );
  tarball = join(tmp, packed[0].filename);
  project = join(tmp, 'project');
  cpSync(fixtures, project, { recursive: true });
  // The same page as a CommonJS file of the project, compiled to `require`.
  writeFileSync(join(project, 'page.cts'), readFileSync(join(fixtures, 'page.ts'), 'utf8'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const install = run(
    'npm',
    ['install', '--no-audit', '--no-fund', tarball, 'ts-oldest@npm:typescript@~5.0.4', 'ts-newest@npm:typescript@^7'],
    project,
  );
  if (install.status !== 0) throw new Error(`npm install in the consumer project failed:\n${install.stderr}`);
}, 240000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the tarball', () => {
  const files = () =>
    (
      JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: root, encoding: 'utf8' }))[0].files as {
        path: string;
      }[]
    ).map((file) => file.path);

  it('ships both builds with their declarations, the subpath stubs, the catalog, the CLI and the licence', () => {
    const shipped = files();
    for (const file of [
      'LICENSE',
      'README.md',
      'README.zh-CN.md',
      'dist/esm/index.js',
      'dist/esm/index.d.ts',
      'dist/cjs/index.js',
      'dist/cjs/index.d.ts',
      'dist/cjs/package.json',
      'dist/esm/platforms/unionpay/index.js',
      'unionpay/package.json',
      'payment/package.json',
      'solutions/package.json',
      'en/package.json',
      'testing/package.json',
      'codes/alipay.json',
      'bin/minicall.mjs',
    ])
      expect(shipped).toContain(file);
    expect(shipped.filter((file) => /^(src|test|scripts|examples|bench)\//.test(file))).toEqual([]);
  });

  it('names MIT in package.json and in the LICENSE file', () => {
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });
});

describe('package linters', () => {
  it('publint finds nothing to report, not even a suggestion', () => {
    const result = run(process.execPath, [join(root, 'node_modules/publint/src/cli.js'), 'run', tarball, '--strict'], tmp);
    expect(result.stdout + result.stderr).toMatch(/All good!/);
    expect(result.stdout).not.toMatch(/Suggestions|Warnings|Errors/);
    expect(result.status).toBe(0);
  }, 60000);

  it('are the types wrong? no problem for any entry under node10, node16 (CJS and ESM) or bundler', () => {
    const result = run(
      process.execPath,
      [join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js'), tarball, '--format', 'json'],
      tmp,
    );
    const report = JSON.parse(result.stdout);
    expect(report.problems).toEqual({});
    const entrypoints = report.analysis.entrypoints;
    expect(Object.keys(entrypoints).sort()).toEqual([...ENTRIES.map((e) => e.replace('minicall', '.')), './package.json'].sort());
    for (const entry of ENTRIES.map((e) => e.replace('minicall', '.'))) {
      for (const kind of ['node10', 'node16-cjs', 'node16-esm', 'bundler']) {
        // Each resolves to a declaration file of the build its condition loads.
        const file: string = entrypoints[entry].resolutions[kind].resolution.fileName;
        expect(`${entry} ${kind} ${file}`).toMatch(
          kind === 'node16-esm' || kind === 'bundler' ? /\/dist\/esm\/.*\.d\.ts$/ : /\/dist\/cjs\/.*\.d\.ts$/,
        );
      }
    }
    expect(result.status).toBe(0);
  }, 60000);
});

describe('TypeScript users, strict, with skipLibCheck false', () => {
  // Each page fails to compile if a type is `any` (its @ts-expect-error lines would be unused).
  const cases: [string, string, string, string[]][] = [];
  for (const ts of Object.keys(TYPESCRIPTS)) {
    cases.push([ts, 'bundler', 'esnext', ['page.ts']]);
    cases.push([ts, 'node16', 'node16', ['page.ts', 'page.cts']]);
    cases.push([ts, 'nodenext', 'nodenext', ['page.ts', 'page.cts']]);
  }
  // node10 (formerly `node`): deprecated in TypeScript 6, still common in older mini-program projects.
  cases.push(['TypeScript 5.0', 'node10', 'commonjs', ['page.ts']]);

  it.each(cases)(
    '%s under %s resolution (module %s) compiles %j as written',
    (ts, resolution, module, pages) => {
      const result = tsc(ts, project, { module, resolution }, pages);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
    60000,
  );

  it('reports a misspelt API name and a wrong option type, so the types are really there', () => {
    const broken = readFileSync(join(project, 'page.ts'), 'utf8').replace(/\/\/ @ts-expect-error .*\n/g, '');
    writeFileSync(join(project, 'broken.ts'), broken);
    const result = tsc('TypeScript 5.0', project, { module: 'node16', resolution: 'node16' }, ['broken.ts']);
    expect(result.stdout).toMatch(/Property 'requst' does not exist/);
    expect(result.stdout).toMatch(/Type 'number' is not assignable to type 'string'/);
    expect(result.stdout).toMatch(/'retires' does not exist/);
  }, 60000);
});

describe("the README's snippets", () => {
  // Every TypeScript or JavaScript block that imports minicall, in both languages, compiled as it
  // is written, in a strict project against the packed tarball. (Blocks of server code that do not
  // use minicall, such as the alipay-sdk example, are not compiled here.)
  it('compile as written, strict, each as a module', () => {
    const dir = join(project, 'readme');
    cpSync(join(__dirname, 'fixtures/readme'), dir, { recursive: true });
    const files: string[] = [];
    for (const readme of ['README.md', 'README.zh-CN.md']) {
      const lines = readFileSync(join(root, readme), 'utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (!/^```(ts|js)$/.test(lines[i])) continue;
        const end = lines.indexOf('```', i + 1);
        const code = lines.slice(i + 1, end).join('\n');
        if (/from 'minicall/.test(code)) {
          const file = `${readme}-line-${i + 2}.ts`;
          writeFileSync(join(dir, file), code + '\n');
          files.push(file);
        }
        i = end;
      }
    }
    expect(files.length).toBe(36);
    const result = tsc('TypeScript 6', dir, { target: 'es2022', module: 'esnext', resolution: 'bundler' }, ['page-context.d.ts', ...files]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60000);
});

describe('Node', () => {
  const expected = ['cart', 'retryable', 'The network timed out. Please try again.', 1, 'string', ['trade', 'sign']];

  it.each([
    ['an ES module importing', 'node-esm.mjs'],
    ['a CommonJS module requiring', 'node-cjs.cjs'],
  ])('runs %s every entry', (_, file) => {
    const result = run(process.execPath, [file], project);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(expected);
  });
});

describe('the example mini-program', () => {
  it('installs minicall in place through its `file:` dependency, leaving the package itself alone', () => {
    // A replica of the repository as far as the example sees it: the packed files, and the example.
    const repo = join(tmp, 'repository');
    const example = join(repo, 'examples/alipay-mini-program');
    execFileSync('tar', ['-xzf', tarball, '-C', tmp]);
    cpSync(join(tmp, 'package'), repo, { recursive: true });
    cpSync(join(root, 'examples/alipay-mini-program'), example, { recursive: true });
    const manifest = readFileSync(join(repo, 'package.json'), 'utf8');
    const install = run('npm', ['install', '--no-audit', '--no-fund'], example);
    expect(install.stderr).not.toMatch(/ERR!/);
    expect(install.status).toBe(0);
    expect(readFileSync(join(repo, 'package.json'), 'utf8')).toBe(manifest);
    expect(require.resolve('minicall', { paths: [example] })).toBe(join(repo, 'dist/cjs/index.js'));
    expect(JSON.parse(readFileSync(join(example, 'node_modules/minicall/package.json'), 'utf8')).module).toBe('./dist/esm/index.js');
  }, 120000);

  it('is a format 2 project that leaves node_modules untranspiled', () => {
    const project = JSON.parse(readFileSync(join(root, 'examples/alipay-mini-program/mini.project.json'), 'utf8'));
    expect(project).toMatchObject({ format: 2, compileType: 'mini', compileOptions: { component2: true } });
    expect(project.compileOptions.transpile.script.ignore).toEqual(['**/node_modules/**']);
  });
});

describe('a mini-program compiler, which reads `module` and `main` but never `exports`', () => {
  let bundle: esbuild.BuildResult & { metafile: esbuild.Metafile };
  let code: string;

  beforeAll(async () => {
    // The installed package as such a resolver sees it: without its exports map.
    const app = join(tmp, 'mini-program');
    cpSync(join(project, 'node_modules/minicall'), join(app, 'node_modules/minicall'), { recursive: true });
    cpSync(join(fixtures, 'mini-page.js'), join(app, 'page.js'));
    const manifest = join(app, 'node_modules/minicall/package.json');
    const { exports: ignored, ...withoutExports } = JSON.parse(readFileSync(manifest, 'utf8'));
    writeFileSync(manifest, JSON.stringify(withoutExports));
    bundle = await esbuild.build({
      entryPoints: [join(app, 'page.js')],
      absWorkingDir: app,
      bundle: true,
      write: false,
      metafile: true,
      format: 'iife',
      globalName: 'page',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es5',
      logLevel: 'silent',
    });
    code = bundle.outputFiles![0].text;
  }, 60000);

  it('resolves `minicall`, `minicall/unionpay` and `minicall/payment` to the ES module build', () => {
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs).toContain('node_modules/minicall/dist/esm/policies/payment.js');
    expect(inputs).toContain('node_modules/minicall/dist/esm/index.js');
    expect(inputs).toContain('node_modules/minicall/dist/esm/platforms/unionpay/index.js');
    expect(inputs.filter((file) => file.includes('/dist/cjs/'))).toEqual([]);
  });

  it('bundles to ES5', () => {
    expect(es5Problems(code, 'script')).toEqual([]);
  });

  it('runs in a bare ES5-style context with a host `my`', async () => {
    const my = { getStorage: (options: { success: (res: unknown) => void }) => options.success({ data: 'cart' }) };
    const context = { my, setTimeout, clearTimeout, Promise } as Record<string, any>;
    runInNewContext(code, context);
    await expect(context.page.load()).resolves.toEqual(['cart', 'retryable', 1, 2]);
  });
});
