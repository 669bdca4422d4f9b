// Just enough of the mini-program runtime to run the example's app.js and pages in Node: `App`,
// `Page` and `getApp` as globals that capture the definitions, and page instances with `data` and
// `setData`. The pages' `import … from 'minicall'` resolves to this package's build (dist/) through
// the hook in resolve-minicall.mjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const copy = (value) => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

/** Imports app.js and every page app.json lists; nothing runs until `launch` and `open`. */
export async function loadMiniProgram(root) {
  const appJson = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8'));
  const pages = {};
  let app;
  let loading;
  globalThis.App = (definition) => {
    app = definition;
  };
  globalThis.Page = (definition) => {
    pages[loading] = definition;
  };
  globalThis.getApp = () => app;
  await import(pathToFileURL(join(root, 'app.js')).href);
  for (const route of appJson.pages) {
    loading = route;
    await import(pathToFileURL(join(root, `${route}.js`)).href);
  }
  return {
    appJson,
    pages,
    /** A module of the mini-program, the same instance its pages import. */
    module: (path) => import(pathToFileURL(join(root, path)).href),
    async launch(options = {}) {
      if (app.onLaunch) await app.onLaunch(options);
      if (app.onShow) await app.onShow(options);
    },
    /** A new page instance, its lifecycle started; `page.ready` settles when onLoad/onShow have. */
    open(route, query = {}) {
      const definition = pages[route];
      const page = { route, data: copy(definition.data || {}) };
      for (const key of Object.keys(definition)) if (key !== 'data') page[key] = definition[key];
      page.setData = (patch) => Object.assign(page.data, copy(patch));
      const running = [];
      if (page.onLoad) running.push(page.onLoad(Object.assign({}, query)));
      if (page.onShow) running.push(page.onShow());
      page.ready = Promise.all(running);
      return page;
    },
    /** What the platform does on a tap of an element bound with `onTap="handler"`. */
    tap(page, handler, dataset = {}) {
      const target = { dataset };
      return Promise.resolve(page[handler]({ type: 'tap', timeStamp: Date.now(), target, currentTarget: target }));
    },
    close() {
      delete globalThis.App;
      delete globalThis.Page;
      delete globalThis.getApp;
      delete globalThis.my;
    },
  };
}
