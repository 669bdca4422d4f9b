/**
 * A stand-in for the mini-program runtime, enough to run an example's app.js and pages in Jest:
 * `App`, `Page` and `getApp` capture the definitions; `open` makes a page instance with `data`
 * and `setData` and runs its lifecycle; `my` is whatever host the test hands over (the fake).
 *
 * Pages are written as Alipay developers write them — ES modules importing 'minicall' — so each
 * file is compiled to CommonJS with TypeScript's transpiler and run with a `require` that gives
 * 'minicall' a fresh copy of src/ (its default client, config and toast memory are per program)
 * and resolves relative imports inside the mini-program.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

type Minicall = typeof import('../../src/index');
type Definition = Record<string, any>;

export interface PageInstance {
  route: string;
  data: Record<string, any>;
  /** Merges `patch` into `data` (paths like `'a.b'` and `'list[0].x'` too), synchronously. */
  setData(patch: Record<string, unknown>, callback?: () => void): void;
  /** A copy of `data` after each `setData`, oldest first. */
  $renders: Record<string, any>[];
  /** Settles once the lifecycle hooks run by `open` (onLoad, onShow, onReady) have settled. */
  $ready: Promise<void>;
  [member: string]: any;
}

export interface MiniProgram {
  root: string;
  /** app.json, parsed. */
  appJson: { pages: string[]; [key: string]: unknown };
  /** What 'minicall' is for this program's files. */
  minicall: Minicall;
  /** The App definition, and after `launch` the app instance `getApp()` returns. */
  app: Definition;
  /** Page definitions by route (`'pages/orders/orders'`). */
  pages: Record<string, Definition>;
  /** A module of the mini-program, the same instance its pages import: `program.require('./config.js')`. */
  require(path: string): any;
  /** Makes `host` the global `my` the pages and minicall see. */
  setHost(host: object): void;
  /** Runs the app's onLaunch and onShow, awaiting what they return. */
  launch(options?: Record<string, unknown>): Promise<void>;
  /** A new instance of the page at `route`, its lifecycle started with `query`. */
  open(route: string, query?: Record<string, string>): PageInstance;
  /** Calls the handler an element's `onTap="…"` names, with an Alipay-shaped event carrying `dataset`. */
  tap(page: PageInstance, handler: string, dataset?: Record<string, unknown>): Promise<unknown>;
  /** Removes the global `my`. */
  close(): void;
}

const globals = globalThis as Record<string, any>;

/** The file an import names: as written, or with `.js` / `/index.js` added, as the platform's bundler resolves it. */
function resolveFile(from: string, spec: string): string {
  const base = resolve(from, spec);
  for (const candidate of [base, `${base}.js`, join(base, 'index.js')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

function setPath(target: Record<string, any>, path: string, value: unknown): void {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node: any = target;
  for (let i = 0; i < keys.length - 1; i++) {
    if (node[keys[i]] === null || typeof node[keys[i]] !== 'object') node[keys[i]] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    node = node[keys[i]];
  }
  node[keys[keys.length - 1]] = value;
}

const copy = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

/** Loads the mini-program in `root` (app.js and every page app.json lists) without running anything yet. */
export function loadMiniProgram(root: string, options: { minicall?: Minicall } = {}): MiniProgram {
  let minicall = options.minicall as Minicall;
  // 'minicall/payment' comes from the same copy of src/ as 'minicall' itself.
  let payment: unknown;
  jest.isolateModules(() => {
    if (!minicall) minicall = require('../../src/index');
    payment = require('../../src/policies/payment');
  });
  const appJson = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8'));
  const cache = new Map<string, { exports: any }>();
  const pages: Record<string, Definition> = {};
  let appDefinition: Definition | undefined;
  let evaluating: string | undefined;

  const App = (definition: Definition) => {
    appDefinition = definition;
  };
  const Page = (definition: Definition) => {
    if (!evaluating) throw new Error('Page() called outside a page file');
    pages[relative(root, evaluating).replace(/\.js$/, '')] = definition;
  };
  const getApp = () => appDefinition;

  function evaluate(file: string): any {
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const source = readFileSync(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2019 },
    });
    const module = { exports: {} as any };
    cache.set(file, module);
    const localRequire = (spec: string) => {
      if (spec === 'minicall') return minicall;
      if (spec === 'minicall/payment') return payment;
      if (spec.startsWith('.')) return evaluate(resolveFile(dirname(file), spec));
      throw new Error(`${relative(root, file)} imports ${spec}: only 'minicall', 'minicall/payment' and the mini-program's own files are available`);
    };
    const previous = evaluating;
    evaluating = file;
    try {
      // The platform's globals are parameters; `my` stays a real global, as minicall looks it up there.
      new Function('require', 'module', 'exports', 'App', 'Page', 'getApp', `${outputText}\n//# sourceURL=${file}`)(
        localRequire,
        module,
        module.exports,
        App,
        Page,
        getApp,
      );
    } finally {
      evaluating = previous;
    }
    return module.exports;
  }

  evaluate(join(root, 'app.js'));
  for (const route of appJson.pages as string[]) evaluate(join(root, `${route}.js`));
  if (!appDefinition) throw new Error('app.js did not call App()');

  const program: MiniProgram = {
    root,
    appJson,
    minicall,
    app: appDefinition,
    pages,
    require: (path) => evaluate(resolveFile(root, path)),
    setHost(host) {
      globals.my = host;
    },
    async launch(launchOptions = {}) {
      const app = appDefinition as Definition;
      if (typeof app.onLaunch === 'function') await app.onLaunch(launchOptions);
      if (typeof app.onShow === 'function') await app.onShow(launchOptions);
    },
    open(route, query = {}) {
      const definition = pages[route];
      if (!definition) throw new Error(`no page ${route}; app.json lists ${appJson.pages.join(', ')}`);
      const page = { route, data: copy(definition.data || {}), $renders: [] as Record<string, any>[] } as unknown as PageInstance;
      for (const key of Object.keys(definition)) if (key !== 'data') page[key] = definition[key];
      page.setData = (patch, callback) => {
        for (const path of Object.keys(patch)) setPath(page.data, path, copy(patch[path]));
        page.$renders.push(copy(page.data));
        if (callback) callback();
      };
      const running: unknown[] = [];
      for (const hook of ['onLoad', 'onShow', 'onReady']) {
        if (typeof page[hook] === 'function') running.push(hook === 'onLoad' ? page[hook](Object.assign({}, query)) : page[hook]());
      }
      page.$ready = Promise.all(running).then(() => undefined);
      return page;
    },
    tap(page, handler, dataset = {}) {
      if (typeof page[handler] !== 'function') throw new Error(`${page.route} has no handler ${handler}`);
      const target = { dataset };
      return Promise.resolve(page[handler]({ type: 'tap', timeStamp: Date.now(), target, currentTarget: target }));
    },
    close() {
      delete globals.my;
    },
  };
  return program;
}

/** The handler names an AXML template binds (`onTap="onPayTap"`, `catchTap="…"`). */
export function handlersIn(axml: string): string[] {
  const names: string[] = [];
  const pattern = /\s(?:on|catch)[A-Z]\w*="([^"{}]+)"/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(axml))) names.push(match[1].trim());
  return names;
}
