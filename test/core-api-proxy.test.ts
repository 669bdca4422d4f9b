// The `api` proxy: `api.X(options, policy)` is `call('X', options, policy)`; listeners, contexts
// and managers come back as the host's own; synchronous functions stay synchronous; dotted names
// reach nested objects; and the types of `call`/`api` follow @mini-types/my.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { api, createClient, isMiniError } from '../src/index';
import { createFakeMy } from '../src/testing/index';
import { rejectionOf, track } from './helpers/outcome';

/** What `fn` throws; fails the test when it returns. */
function thrownBy(fn: () => unknown): any {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const clientOver = (host: object, config: object = {}) => createClient({ my: host, retry: false, toast: false, ...config });

afterEach(() => {
  jest.useRealTimers();
});

describe('api.X(options, policy)', () => {
  it('calls the host function X and resolves with its payload, as call does', async () => {
    const fake = createFakeMy().respond('request', { data: 'same', status: 200, headers: {} });
    const client = clientOver(fake);
    const viaApi = await client.api.request({ url: 'https://a.example' });
    const viaCall = await client.call('request', { url: 'https://a.example' });
    expect(viaApi).toEqual({ data: 'same', status: 200, headers: {} });
    expect(viaApi).toEqual(viaCall);
    expect(fake.calls.map((c) => c.api)).toEqual(['request', 'request']);
    expect(fake.calls[0].options.url).toBe('https://a.example');
  });

  it('rejects with the same MiniError call would', async () => {
    const fake = createFakeMy().fail('request', 13);
    const error = await rejectionOf(clientOver(fake).api.request({ url: 'u' }));
    expect(isMiniError(error)).toBe(true);
    expect(error).toMatchObject({ api: 'request', code: 13, kind: 'retryable' });
  });

  it('applies the policy given as the second argument', async () => {
    jest.useFakeTimers();
    const fake = createFakeMy().hang('request');
    let error: any;
    clientOver(fake)
      .api.request({ url: 'u' }, { timeout: 300 })
      .catch((e) => (error = e));
    await jest.advanceTimersByTimeAsync(299);
    expect(error).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
  });

  it('works without arguments', async () => {
    const fake = createFakeMy();
    await expect(clientOver(fake).api.getNetworkType()).resolves.toEqual({ networkAvailable: true, networkType: 'WIFI' });
    expect(fake.count('getNetworkType')).toBe(1);
  });

  it('returns the same function each time a name is read', () => {
    const client = clientOver(createFakeMy());
    expect(typeof client.api.request).toBe('function');
    expect(client.api.request).toBe(client.api.request);
    expect(client.api.getAuthCode).toBe(client.api.getAuthCode);
    expect(client.api.getStorageSync).toBe(client.api.getStorageSync);
    expect(api.request).toBe(api.request);
  });

  it("keeps each client's functions apart", async () => {
    const a = createFakeMy();
    const b = createFakeMy();
    const clientA = clientOver(a);
    const clientB = clientOver(b);
    expect(clientA.api.request).not.toBe(clientB.api.request);
    await clientB.api.request({ url: 'u' });
    expect(a.count('request')).toBe(0);
    expect(b.count('request')).toBe(1);
  });
});

describe('the proxy is not a thenable', () => {
  it('has no then, catch or finally', () => {
    const client = clientOver(createFakeMy());
    expect((client.api as any).then).toBeUndefined();
    expect((client.api as any).catch).toBeUndefined();
    expect((client.api as any).finally).toBeUndefined();
    expect((api as any).then).toBeUndefined();
  });

  it('can be awaited without hanging', async () => {
    const client = clientOver(createFakeMy());
    const timeout = new Promise((resolve) => setTimeout(() => resolve('hung'), 200));
    await expect(Promise.race([(async () => await client.api)(), timeout])).resolves.toBe(client.api);
    await expect(Promise.race([(async () => await api)(), timeout])).resolves.toBe(api);
  });

  it('is returned as is from an async function', async () => {
    const client = clientOver(createFakeMy());
    const getApi = async () => client.api;
    expect(await getApi()).toBe(client.api);
  });
});

describe('passthrough functions', () => {
  it.each(['onSocketOpen', 'offSocketOpen', 'createCanvasContext', 'getBackgroundAudioManager', 'canIUse'])(
    '%s comes back as the host function, bound to the host, and returns what it returns',
    (name) => {
      const returned = { from: name };
      let self: unknown;
      const fn = jest.fn(function (this: unknown) {
        self = this;
        return returned;
      });
      const host: Record<string, unknown> = { [name]: fn };
      const client = clientOver(host);
      const got = (client.api as any)[name];
      expect(typeof got).toBe('function');
      const arg = () => undefined;
      const result = got(arg, 'second');
      expect(result).toBe(returned);
      expect(fn).toHaveBeenCalledTimes(1);
      expect(fn).toHaveBeenCalledWith(arg, 'second');
      expect(self).toBe(host);
    },
  );

  it('does not promise a listener: the listener itself reaches the host, untouched', () => {
    const onSocketOpen = jest.fn();
    const client = clientOver({ onSocketOpen });
    const listener = jest.fn();
    const result = client.api.onSocketOpen(listener);
    expect(result).toBeUndefined();
    expect(onSocketOpen.mock.calls[0][0]).toBe(listener);
  });

  it('hands back createCanvasContext synchronously, not as a promise', () => {
    const context = { draw: jest.fn() };
    const client = clientOver({ createCanvasContext: (id: string) => (id === 'canvas' ? context : undefined) });
    expect(client.api.createCanvasContext('canvas')).toBe(context);
  });

  it('answers canIUse synchronously', () => {
    const client = clientOver({ canIUse: (what: string) => what === 'request' });
    expect((client.api as any).canIUse('request')).toBe(true);
    expect((client.api as any).canIUse('teleport')).toBe(false);
  });

  it.each([
    ['createHologramContext', 'called directly', 'direct'],
    ['getTeleportManager', 'called directly', 'direct'],
    ['onTeleport', 'called directly', 'direct'],
    ['teleport', 'promised with the default timeout', 'promised'],
    ['chooseStar', 'promised without the default timeout', 'user'],
  ])('classifies %s, newer than the typings, by the fallback patterns: %s', async (name, _, style) => {
    const fn = jest.fn((o?: { success?: (v: unknown) => void }) => {
      if (o && o.success) setTimeout(() => o.success!({ done: true }), 0);
      return 'returned';
    });
    const client = clientOver({ [name]: fn }, { timeout: 50 });
    const result = (client.api as any)[name]({ x: 1 });
    if (style === 'direct') {
      expect(result).toBe('returned');
      expect(fn).toHaveBeenCalledWith({ x: 1 });
      return;
    }
    await expect(result).resolves.toEqual({ done: true });
    expect(fn.mock.calls[0][0]).toMatchObject({ x: 1, success: expect.any(Function) });
    const silent = clientOver({ [name]: () => undefined }, { timeout: 50, toast: false });
    const outcome = track((silent.api as any)[name]({}));
    await new Promise((resolve) => setTimeout(resolve, 80));
    // The default timeout ends a promised call; a user-paced one waits on the user.
    expect(outcome.status).toBe(style === 'user' ? 'pending' : 'rejected');
  });

  it('looks the host up on every read, so a new host is used at once', () => {
    const first = jest.fn(() => 'first');
    const second = jest.fn(() => 'second');
    const client = clientOver({ onSocketOpen: first });
    expect((client.api.onSocketOpen as any)(() => undefined)).toBe('first');
    client.configure({ my: { onSocketOpen: second } });
    expect((client.api.onSocketOpen as any)(() => undefined)).toBe('second');
  });

  it('passes the arguments on when the function was read before the host had it', () => {
    const client = clientOver({});
    const onSocketOpen = client.api.onSocketOpen;
    const hostOnSocketOpen = jest.fn();
    client.configure({ my: { onSocketOpen: hostOnSocketOpen } });
    const listener = jest.fn();
    onSocketOpen(listener);
    expect(hostOnSocketOpen).toHaveBeenCalledTimes(1);
    expect(hostOnSocketOpen).toHaveBeenCalledWith(listener);
  });

  it('throws UNSUPPORTED (a MiniError) when the host lacks the function and it is called', () => {
    const client = clientOver({});
    const error = thrownBy(() => client.api.onSocketOpen(() => undefined));
    expect(isMiniError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'UNSUPPORTED', kind: 'fatal', api: 'onSocketOpen' });
  });
});

describe('synchronous *Sync functions', () => {
  it('api.getStorageSync returns the value synchronously', () => {
    const getStorageSync = jest.fn((o: { key: string }) => ({ data: o.key === 'cart' ? ['apple'] : null }));
    const client = clientOver({ getStorageSync });
    const result = client.api.getStorageSync({ key: 'cart' });
    expect(result).toEqual({ data: ['apple'] });
    expect(typeof (result as any).then).toBe('undefined');
    expect(getStorageSync).toHaveBeenCalledWith({ key: 'cart' });
  });

  it('turns a throw into a MiniError, keeping what was thrown as raw', () => {
    const thrown = { error: 2, errorMessage: 'invalid key' };
    const client = clientOver({
      getStorageSync: () => {
        throw thrown;
      },
    });
    const error = thrownBy(() => client.api.getStorageSync({ key: '' }));
    expect(isMiniError(error)).toBe(true);
    expect(error).toMatchObject({ api: 'getStorageSync', code: 2, platform: 'alipay', attempts: 1 });
    expect(error.raw).toBe(thrown);
  });

  it('turns a thrown Error into an UNKNOWN MiniError', () => {
    const thrown = new TypeError('storage is corrupt');
    const client = clientOver({
      setStorageSync: () => {
        throw thrown;
      },
    });
    const error = thrownBy(() => client.api.setStorageSync({ key: 'k', data: 1 }));
    expect(isMiniError(error)).toBe(true);
    expect(error.code).toBe('UNKNOWN');
    expect(error.raw).toBe(thrown);
    expect(error.message).toContain('storage is corrupt');
  });

  it('throws UNSUPPORTED when the host has no such function', () => {
    const error = thrownBy(() => clientOver({}).api.getStorageSync({ key: 'k' }));
    expect(error).toMatchObject({ name: 'MiniError', code: 'UNSUPPORTED', api: 'getStorageSync' });
  });

  it("call('getStorageSync', …) resolves with the return value", async () => {
    const client = clientOver({ getStorageSync: (o: { key: string }) => ({ data: o.key + '!' }) });
    const promise = client.call('getStorageSync', { key: 'k' });
    expect(typeof promise.then).toBe('function');
    await expect(promise).resolves.toEqual({ data: 'k!' });
  });

  it("call('getStorageSync', …) rejects with a MiniError when it throws", async () => {
    const client = clientOver({
      getStorageSync: () => {
        throw new Error('no');
      },
    });
    let promise!: Promise<unknown>;
    expect(() => {
      promise = client.call('getStorageSync', { key: 'k' });
    }).not.toThrow();
    const error = await rejectionOf(promise);
    expect(isMiniError(error)).toBe(true);
    expect(error.api).toBe('getStorageSync');
  });
});

describe('dotted API names', () => {
  it("call('ap.navigateToAlipayPage', …) reaches my.ap.navigateToAlipayPage", async () => {
    let self: unknown;
    const navigateToAlipayPage = jest.fn(function (this: unknown, o: { success: (v: unknown) => void }) {
      self = this;
      setTimeout(() => o.success({ opened: true }), 0);
    });
    const ap = { navigateToAlipayPage };
    const client = clientOver({ ap });
    const options = { path: 'https://render.alipay.com/p/s/i' };
    await expect((client.call as any)('ap.navigateToAlipayPage', options)).resolves.toEqual({ opened: true });
    expect(navigateToAlipayPage).toHaveBeenCalledTimes(1);
    expect(navigateToAlipayPage.mock.calls[0][0]).toMatchObject(options);
    expect(self).toBe(ap);
  });

  it("classifies a failure of my.ap.navigateToAlipayPage under the name 'ap.navigateToAlipayPage'", async () => {
    const client = clientOver({ ap: { navigateToAlipayPage: (o: { fail: (e: unknown) => void }) => o.fail({ error: 2 }) } });
    const error = await rejectionOf((client.call as any)('my.ap.navigateToAlipayPage', { path: 'x' }));
    expect(error).toMatchObject({ api: 'ap.navigateToAlipayPage', code: 2, kind: 'fatal' });
    expect(error.message.startsWith('my.ap.navigateToAlipayPage failed: 2 参数错误，打开失败。')).toBe(true);
  });

  it('rejects with UNSUPPORTED when the namespace is missing', async () => {
    const error = await rejectionOf((clientOver({}).call as any)('ap.navigateToAlipayPage', { path: 'x' }));
    expect(error).toMatchObject({ code: 'UNSUPPORTED', api: 'ap.navigateToAlipayPage' });
  });
});

describe('types', () => {
  it('test/types/api-types.test-d.ts compiles: results typed, misspellings rejected', () => {
    const root = join(__dirname, '..');
    const result = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'test/types/tsconfig.json'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60000);
});
