// Behaviour that needs a fresh copy of the package, as a page gets when it first imports it:
// the default client, the global `my`, a locale loaded or never loaded, and MiniError across copies.
// Each test loads its own copy with jest.isolateModules.
import { createClient, isMiniError } from '../src/index';
import { createFakeMy } from '../src/testing/index';
import { rejectionOf, track } from './helpers/outcome';

type Minicall = typeof import('../src/index');

afterEach(() => {
  jest.useRealTimers();
});

describe('the default client and the global `my`', () => {
  /** A fresh copy of the package, as a page that has just imported it. */
  const freshCopy = (): Minicall => {
    let copy!: Minicall;
    jest.isolateModules(() => {
      copy = require('../src/index');
    });
    return copy;
  };

  afterEach(() => {
    delete (globalThis as any).my;
  });

  it('finds the global `my` when a call is made, not when the package is imported', async () => {
    delete (globalThis as any).my;
    const { call, configure } = freshCopy();
    configure({ retry: false, toast: false });
    const fake = createFakeMy().respond('getNetworkType', { networkType: '4G' });
    (globalThis as any).my = fake;
    await expect(call('getNetworkType', {})).resolves.toEqual({ networkType: '4G' });
    expect(fake.count('getNetworkType')).toBe(1);
  });

  it('follows the global `my` when it is replaced between calls', async () => {
    const { call, configure } = freshCopy();
    configure({ retry: false, toast: false });
    const first = createFakeMy();
    const second = createFakeMy();
    (globalThis as any).my = first;
    await call('getNetworkType', {});
    (globalThis as any).my = second;
    await call('getNetworkType', {});
    expect(first.count('getNetworkType')).toBe(1);
    expect(second.count('getNetworkType')).toBe(1);
  });

  it('makes createClient() without `my` use the global `my`, looked up at each call', async () => {
    const client = createClient({ retry: false, toast: false });
    const first = createFakeMy();
    const second = createFakeMy();
    (globalThis as any).my = first;
    await client.call('getNetworkType', {});
    (globalThis as any).my = second;
    await client.api.getNetworkType({});
    expect(first.count('getNetworkType')).toBe(1);
    expect(second.count('getNetworkType')).toBe(1);
  });

  it('rejects with UNSUPPORTED when there is no global `my` and no configured host', async () => {
    delete (globalThis as any).my;
    const { call, configure } = freshCopy();
    configure({ retry: false, toast: false });
    const error = await rejectionOf(call('getNetworkType', {}));
    expect(error).toMatchObject({ name: 'MiniError', code: 'UNSUPPORTED', kind: 'fatal' });
  });

  it('prefers configure({ my }) over the global `my`, from the next call on', async () => {
    const { call, api, configure } = freshCopy();
    configure({ retry: false, toast: false });
    const global = createFakeMy();
    const configured = createFakeMy();
    (globalThis as any).my = global;
    await call('getNetworkType', {});
    configure({ my: configured });
    await call('getNetworkType', {});
    await api.getNetworkType({});
    expect(global.count('getNetworkType')).toBe(1);
    expect(configured.count('getNetworkType')).toBe(2);
  });

  it('merges configure() calls instead of replacing the config', async () => {
    jest.useFakeTimers();
    const { call, configure } = freshCopy();
    const fake = createFakeMy().hang('request');
    configure({ my: fake, retry: false, toast: false });
    configure({ timeout: 15000 });
    const outcome = track(call('request', { url: 'https://a.example' }));
    await jest.advanceTimersByTimeAsync(15000);
    expect(outcome.status).toBe('rejected');
    expect(outcome.value.code).toBe('TIMEOUT');
    // The host and the policies of the first configure() are still in force.
    expect(fake.count('request')).toBe(1);
    expect(fake.toasts).toEqual([]);
  });
});

describe('the top-level api', () => {
  it('routes the top-level api through the default client and its configured host', async () => {
    const fake = createFakeMy().respond('getNetworkType', { networkType: '5G' });
    let copy!: typeof import('../src/index');
    jest.isolateModules(() => {
      copy = require('../src/index');
    });
    copy.configure({ my: fake, retry: false, toast: false });
    await expect(copy.api.getNetworkType({})).resolves.toEqual({ networkType: '5G' });
    expect(fake.count('getNetworkType')).toBe(1);
  });
});

describe('isMiniError across copies', () => {
  it('holds across two copies of the package, where instanceof does not', async () => {
    let copyA!: Minicall;
    let copyB!: Minicall;
    jest.isolateModules(() => {
      copyA = require('../src/index');
    });
    jest.isolateModules(() => {
      copyB = require('../src/index');
    });
    expect(copyA.MiniError).not.toBe(copyB.MiniError);
    const error = await rejectionOf(copyA.createClient({ my: {}, retry: false, toast: false }).call('request', { url: 'u' }));
    expect(error).toBeInstanceOf(copyA.MiniError);
    expect(error instanceof copyB.MiniError).toBe(false);
    expect(copyB.isMiniError(error)).toBe(true);
    expect(isMiniError(error)).toBe(true);
  });
});

describe('the English locale', () => {
  it("throws a TypeError naming minicall/en for locale: 'en' when English was never imported", () => {
    jest.isolateModules(() => {
      const fresh = require('../src/index') as typeof import('../src/index');
      const client = fresh.createClient({ my: createFakeMy() });
      expect(() => client.configure({ locale: 'en' })).toThrow(TypeError);
      expect(() => client.configure({ locale: 'en' })).toThrow(/minicall\/en/);
      expect(() => fresh.createClient({ locale: 'en' })).toThrow(/minicall\/en/);
    });
  });

  it("locale 'en' is accepted once minicall/en is loaded, and 'fr' still is not", () => {
    jest.isolateModules(() => {
      require('../src/locales/en');
      const isolated = require('../src/index') as typeof import('../src/index');
      expect(() => isolated.createClient({ locale: 'en' })).not.toThrow();
      expect(() => isolated.createClient({ locale: 'fr' } as any)).toThrow(/`locale`/);
    });
  });
});
