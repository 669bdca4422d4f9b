// The README's step recipes, run as written in both languages: the code block is taken from the
// README, compiled, and run against the testing kit's fake host through minicall's public entry.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { createFakeMy, type FakeMy } from '../src/testing/index';

/** The first code block after the paragraph that starts with `lead`. */
function recipe(file: string, lead: string): string {
  const text = readFileSync(join(__dirname, '..', file), 'utf8');
  const start = text.indexOf(lead);
  if (start < 0) throw new Error(`${file} has no recipe starting "${lead}"`);
  const open = text.indexOf('```ts\n', start) + 6;
  return text.slice(open, text.indexOf('\n```', open));
}

/**
 * Runs a recipe as a page module: `minicall` is the public entry, freshly loaded so that its
 * default client starts from scratch, and `my` is `fake`. Returns the entry, to make calls with.
 */
function runPage(code: string, fake: FakeMy, page: Record<string, unknown>) {
  const { code: js } = transformSync(code, { loader: 'ts', format: 'cjs', target: 'es2017' });
  let minicall: typeof import('../src/index') | undefined;
  jest.isolateModules(() => {
    minicall = require('../src/index');
  });
  minicall!.configure({ my: fake, retry: { baseDelay: 0 } });
  const names = Object.keys(page);
  const load = new Function('require', 'exports', ...names, js);
  load((name: string) => (name === 'minicall' ? minicall : require(name)), {}, ...names.map((name) => page[name]));
  return minicall!;
}

const SIGN_IN = {
  en: ['README.md', '**Signing in again on a 401.**'],
  zh: ['README.zh-CN.md', '**遇到 401 时重新登录。**'],
};

describe.each(Object.entries(SIGN_IN))('the sign-in refresh recipe (%s README)', (_, [file, lead]) => {
  const code = recipe(file, lead);

  /** A server that accepts only the token it issued last; `exchangeAuthCode` issues a new one. */
  function world() {
    let issued = 'token-1';
    const exchanges: string[] = [];
    const fake = createFakeMy().respond('request', (options: { headers?: Record<string, string> }) =>
      options.headers && options.headers.Authorization === `Bearer ${issued}`
        ? { status: 200, data: { ok: true }, headers: {} }
        : { status: 401, data: { error: 'SESSION_EXPIRED' }, headers: {} },
    );
    const exchangeAuthCode = (authCode: string) => {
      exchanges.push(authCode);
      return Promise.resolve(issued);
    };
    return { fake, exchanges, exchangeAuthCode, expire: () => (issued = `token-${Number(issued.slice(6)) + 1}`) };
  }

  it('is at most 25 lines, written only with the public step interface', () => {
    expect(code.split('\n').length).toBeLessThanOrEqual(25);
    expect(code).toMatch(/^import \{ call, configure, type Step \} from 'minicall';$/m);
  });

  it('signs in once for every request that met the 401, then replays each with the new token', async () => {
    const w = world();
    const { api } = runPage(code, w.fake, { exchangeAuthCode: w.exchangeAuthCode });
    const results = await Promise.all([1, 2, 3].map((n) => api.request({ url: `https://shop.example.com/orders/${n}` })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(w.fake.count('getAuthCode')).toBe(1);
    expect(w.exchanges).toEqual(['fake-auth-code']);
    // Each request: once with no token, once replayed with the token the sign-in brought.
    const requests = w.fake.calls.filter((c) => c.api === 'request');
    expect(requests.map((c) => (c.options.headers as Record<string, string>).Authorization)).toEqual([
      'Bearer ',
      'Bearer ',
      'Bearer ',
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-1',
    ]);
    expect(w.fake.toasts).toEqual([]);

    // Later the session expires: the next request signs in again, once.
    w.expire();
    await expect(api.request({ url: 'https://shop.example.com/orders' })).resolves.toMatchObject({ status: 200 });
    expect(w.fake.count('getAuthCode')).toBe(2);
    expect(w.exchanges).toHaveLength(2);
  });

  it('gives the caller the replay’s own failure, with one toast, and leaves other APIs alone', async () => {
    const w = world();
    const { api, isMiniError } = runPage(code, w.fake, { exchangeAuthCode: () => Promise.resolve('a token the server refuses') });
    const error = await api.request({ url: 'https://shop.example.com/orders' }).catch((e: unknown) => e);
    expect(isMiniError(error) && error.code).toBe(19);
    expect(w.fake.count('request')).toBe(2);
    expect(w.fake.toasts).toHaveLength(1);

    await expect(api.getStorage({ key: 'cart' })).resolves.toEqual({ data: null });
    expect(w.fake.calls.filter((c) => c.api === 'getStorage')[0].options).not.toHaveProperty('headers');
  });

  it('shares a sign-in the user cancels: every waiting request fails as a cancel, without a toast', async () => {
    const w = world();
    w.fake.dismiss('getAuthCode');
    const { api } = runPage(code, w.fake, { exchangeAuthCode: w.exchangeAuthCode });
    const errors = await Promise.all([1, 2].map(() => api.request({ url: 'https://shop.example.com/orders' }).catch((e: unknown) => e)));
    expect(errors.map((e: any) => e.kind)).toEqual(['cancel', 'cancel']);
    expect(w.fake.count('getAuthCode')).toBe(1);
    expect(w.fake.toasts).toEqual([]);
  });
});

const OPEN_SETTING = {
  en: ['README.md', '**Sending the user to the settings.**'],
  zh: ['README.zh-CN.md', '**引导用户去设置。**'],
};

describe.each(Object.entries(OPEN_SETTING))('the location page that sends the user to the settings (%s README)', (_, [file, lead]) => {
  const code = recipe(file, lead);

  /** Loads the recipe as a page over `fake` and returns the page instance, its onLoad already run. */
  async function openPage(fake: FakeMy) {
    let definition: any;
    runPage(code, fake, { Page: (d: object) => (definition = d) });
    const page = Object.assign({}, definition, {
      data: { ...definition.data },
      setData(patch: object) {
        Object.assign(this.data, patch);
      },
    });
    await page.onLoad();
    return page;
  }

  it('offers the settings when the user turned location off for good, and locates once it is back on', async () => {
    const fake = createFakeMy()
      .fail('getLocation', 2003, { times: 1 })
      .respond('getSetting', { authSetting: { location: false } })
      .respond('openSetting', { authSetting: { location: true } });
    const page = await openPage(fake);
    expect(page.data).toEqual({ where: null, problem: '请在小程序设置中开启位置权限', canOpenSetting: true, guided: false });
    expect(fake.toasts).toEqual([]); // the page shows the hint itself, once

    await page.openSetting();
    expect(page.data).toEqual({ where: { longitude: '120.1', latitude: '30.2' }, problem: '', canOpenSetting: false, guided: false });
    expect(fake.calls.map((c) => c.api)).toEqual(['getLocation', 'getSetting', 'openSetting', 'getLocation']);
  });

  it("guides to the phone's settings when the phone keeps location from Alipay (11), and locates on the way back", async () => {
    const fake = createFakeMy()
      .fail('getLocation', 11, { times: 1 })
      .respond('getSetting', { authSetting: { location: true } })
      .respond('showAuthGuide', { shown: true });
    const page = await openPage(fake);
    expect(page.data).toMatchObject({ problem: '请在手机设置中开启定位权限', canOpenSetting: true });

    await page.openSetting();
    expect(fake.calls.filter((c) => c.api === 'showAuthGuide').map((c) => c.options.authType)).toEqual(['LBS']);
    expect(fake.count('openSetting')).toBe(0); // the mini-program's settings cannot change the phone's switch
    expect(page.data.guided).toBe(true);

    await page.onShow(); // the user comes back from the phone's settings
    expect(page.data).toMatchObject({ where: { longitude: '120.1', latitude: '30.2' }, problem: '', guided: false });
    await page.onShow(); // any later show does not locate again
    expect(fake.count('getLocation')).toBe(2);
  });

  it('offers no settings for a refusal the platform will ask about again (2001)', async () => {
    const page = await openPage(createFakeMy().fail('getLocation', 2001));
    expect(page.data).toEqual({ where: null, problem: '需要您的授权才能继续', canOpenSetting: false, guided: false });
  });

  it('does not locate again when the user comes back with location still off', async () => {
    const fake = createFakeMy()
      .fail('getLocation', 2002)
      .respond('getSetting', { authSetting: { location: false } })
      .respond('openSetting', { authSetting: { location: false } });
    const page = await openPage(fake);
    await page.openSetting();
    expect(fake.count('openSetting')).toBe(1);
    expect(fake.count('getLocation')).toBe(1);
    expect(page.data.canOpenSetting).toBe(true);
  });

  it('keeps the hint, without a toast or an unhandled rejection, when no settings can be shown', async () => {
    const fake = createFakeMy().fail('getLocation', 2002).fail('getSetting', 3);
    const page = await openPage(fake);
    await expect(page.openSetting()).resolves.toBeUndefined();
    expect(fake.toasts).toEqual([]);
    expect(page.data.problem).toBe('请在小程序设置中开启位置权限');
  });
});
