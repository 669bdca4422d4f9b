// The call core: how `call` invokes the host, what counts as success or failure, and that every
// call settles exactly once — whatever the host does — with nothing left running afterwards.
import { createClient, isMiniError, MiniError } from '../src/index';
import { createFakeMy } from '../src/testing/index';
import { track, rejectionOf } from './helpers/outcome';

/** Lets callbacks scheduled with setTimeout(0) (the fake's) run, with real timers. */
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** A client with the retry and toast policies off, so only the call core is under test. */
const clientOver = (host: object, config: object = {}) => createClient({ my: host, retry: false, toast: false, ...config });

type HostOptions = { success?: (v: unknown) => void; fail?: (e: unknown) => void; complete?: (v: unknown) => void; [k: string]: unknown };

/** A host whose `api` function hands its options to `body`, which calls back however it likes. */
function hostWith(api: string, body: (options: HostOptions) => unknown) {
  const fn = jest.fn(body);
  return { host: { [api]: fn } as Record<string, any>, fn };
}

afterEach(() => {
  jest.useRealTimers();
});

describe('success', () => {
  it('calls a *Sync function with exactly the arguments given: none without options', async () => {
    const getStorageSync = jest.fn((...args: unknown[]) => ({ data: args.length }));
    const client = clientOver({ getStorageSync });
    await expect(client.call('getStorageSync')).resolves.toEqual({ data: 0 });
    await expect(client.call('getStorageSync', { key: 'k' })).resolves.toEqual({ data: 1 });
    expect(getStorageSync.mock.calls).toEqual([[], [{ key: 'k' }]]);
  });

  it('hands the promise the task of the attempt that runs: a retry replaces the first task', async () => {
    jest.useFakeTimers();
    let n = 0;
    const host = {
      request: (o: HostOptions) => {
        const task = { id: ++n };
        setTimeout(() => (n === 1 ? o.fail!({ error: 13 }) : o.success!({ status: 200 })), 10);
        return task;
      },
    };
    const promise = createClient({ my: host, toast: false, retry: { baseDelay: 0 } }).call('request', { url: 'u' });
    expect(promise.task).toEqual({ id: 1 });
    await jest.advanceTimersByTimeAsync(100);
    await promise;
    expect(promise.task).toEqual({ id: 2 });
  });

  it('resolves with the payload the host passes to success', async () => {
    const fake = createFakeMy().respond('request', { data: { id: 7 }, status: 200, headers: {} });
    const client = clientOver(fake);
    await expect(client.call('request', { url: 'https://a.example/orders', method: 'GET' })).resolves.toEqual({
      data: { id: 7 },
      status: 200,
      headers: {},
    });
  });

  it("passes the caller's options to the host function", async () => {
    const fake = createFakeMy();
    await clientOver(fake).call('request', { url: 'https://a.example/x', method: 'POST', data: { a: '1' } });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0].api).toBe('request');
    expect(fake.calls[0].options).toMatchObject({ url: 'https://a.example/x', method: 'POST', data: { a: '1' } });
  });

  it('calls the host function with the host as `this`', async () => {
    let self: unknown;
    const host: Record<string, any> = {
      getNetworkType(this: unknown, o: HostOptions) {
        self = this;
        o.success!({ networkType: 'WIFI' });
      },
    };
    await clientOver(host).call('getNetworkType', {});
    expect(self).toBe(host);
  });

  it('accepts a `my.` prefix on the API name and calls the same function', async () => {
    const fake = createFakeMy();
    await (clientOver(fake).call as any)('my.request', { url: 'https://a.example' });
    expect(fake.count('request')).toBe(1);
  });

  it("calls a dotted API (my.ap.*) on the testing kit's fake once it is scripted", async () => {
    const fake = createFakeMy().respond('ap.navigateToAlipayPage', { success: true });
    expect(fake.ap).toBeDefined();
    await expect(clientOver(fake).call('ap.navigateToAlipayPage', { path: 'p' } as never)).resolves.toEqual({ success: true });
    expect(fake.calls.map((c) => c.api)).toEqual(['ap.navigateToAlipayPage']);
    // Unscripted members of the namespace are absent, as on a host that lacks them.
    expect(fake.ap.openURL).toBeUndefined();
    expect(createFakeMy().ap).toBeUndefined();
  });

  it("refuses, where the test scripts it, a name the testing kit's fake could not serve", () => {
    expect(() => createFakeMy().fail('ap.', 1)).toThrow('createFakeMy: cannot script "ap.": not an API name');
    expect(() => createFakeMy().respond('constructor', {})).toThrow(/a name of the fake itself or of every object/);
    expect(() => createFakeMy().respond('ap.toString', {})).toThrow(/a name of the fake itself or of every object/);
    expect(() => createFakeMy().respond('calls', {})).toThrow(/a name of the fake itself/);
    expect(() => createFakeMy().respond('ap.nsf', {}).respond('ap', {})).toThrow(
      'createFakeMy: cannot script "ap": ap.nsf is scripted too',
    );
    // A namespace is an ordinary object apart from its scripted members.
    expect(String(createFakeMy().respond('ap.nsf', {}).ap)).toBe('[object Object]');
  });

  it('works without options: the host still gets callbacks', async () => {
    const fake = createFakeMy();
    await expect(clientOver(fake).call('getNetworkType')).resolves.toEqual({ networkAvailable: true, networkType: 'WIFI' });
    expect(typeof fake.calls[0].options.success).toBe('function');
  });

  it("puts the host's return value (a RequestTask) on the promise as .task", async () => {
    const fake = createFakeMy();
    const client = clientOver(fake);
    const promise = client.call('request', { url: 'https://a.example' });
    expect(promise.task).toEqual({ abort: expect.any(Function) });
    const viaApi = client.api.request({ url: 'https://a.example' });
    expect(viaApi.task).toEqual({ abort: expect.any(Function) });
    expect(viaApi.task).not.toBe(promise.task);
    await Promise.all([promise, viaApi]);
  });

  it('leaves .task undefined when the host returns nothing', async () => {
    const promise = clientOver(createFakeMy()).call('getNetworkType', {});
    expect(promise.task).toBeUndefined();
    await promise;
  });
});

describe('the host', () => {
  it('calls config.my of a client made with createClient', async () => {
    const a = createFakeMy();
    const b = createFakeMy();
    await clientOver(a).call('getNetworkType', {});
    expect(a.count('getNetworkType')).toBe(1);
    expect(b.count('getNetworkType')).toBe(0);
  });

  it('uses the host given to configure({ my }) from the next call on', async () => {
    const first = createFakeMy();
    const second = createFakeMy();
    const client = clientOver(first);
    await client.call('getNetworkType', {});
    client.configure({ my: second });
    await client.call('getNetworkType', {});
    expect(first.count('getNetworkType')).toBe(1);
    expect(second.count('getNetworkType')).toBe(1);
  });

  it("keeps clients isolated: one client's configure does not change another's", async () => {
    jest.useFakeTimers();
    const fake = createFakeMy().hang('request');
    const a = clientOver(fake);
    const b = clientOver(fake);
    a.configure({ timeout: 1000 });
    const fromA = track(a.call('request', { url: 'https://a.example' }));
    const fromB = track(b.call('request', { url: 'https://a.example' }));
    await jest.advanceTimersByTimeAsync(1000);
    expect(fromA.status).toBe('rejected');
    expect(fromA.value.code).toBe('TIMEOUT');
    expect(fromB.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(59000);
    expect(fromB.status).toBe('rejected');
  });

  it('rejects with UNSUPPORTED (fatal) when the host has no such function', async () => {
    const client = clientOver({});
    const error = await rejectionOf(client.call('getNetworkType', {}));
    expect(isMiniError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'UNSUPPORTED', kind: 'fatal', api: 'getNetworkType', attempts: 0 });
  });

  it('rejects with UNSUPPORTED when the host property is not a function', async () => {
    const error = await rejectionOf(clientOver({ getNetworkType: 'nope' }).call('getNetworkType', {}));
    expect(error).toMatchObject({ code: 'UNSUPPORTED', kind: 'fatal' });
  });
});

describe('what counts as failure', () => {
  it('rejects with UNKNOWN when fail is called with null or nothing', async () => {
    for (const payload of [null, undefined]) {
      const { host } = hostWith('request', (o) => o.fail!(payload));
      const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }));
      expect(error).toMatchObject({ code: 'UNKNOWN', kind: 'fatal', api: 'request' });
    }
  });

  it("settles from `complete` alone: an errorCode is a failure, connectWifi's own `error: 0` a success", async () => {
    const failing = hostWith('request', (o) => o.complete!({ errorCode: 13, errorMessage: 'timeout' }));
    expect(await rejectionOf(clientOver(failing.host).call('request', { url: 'u' }))).toMatchObject({ code: 13 });
    const wifi = hostWith('connectWifi', (o) => o.complete!({ error: 0 }));
    await expect(clientOver(wifi.host).call('connectWifi', { SSID: 's' } as any)).resolves.toEqual({ error: 0 });
  });

  it('rejects with the code and text of a fail callback ({ error, errorMessage })', async () => {
    const payload = { error: 13, errorMessage: 'request:fail timeout' };
    const { host } = hostWith('request', (o) => o.fail!(payload));
    const error = await rejectionOf(clientOver(host).call('request', { url: 'https://a.example' }));
    expect(error).toBeInstanceOf(MiniError);
    expect(error).toMatchObject({ code: 13, kind: 'retryable', api: 'request', platform: 'alipay' });
    expect(error.raw).toBe(payload);
    expect(error.message).toContain('request:fail timeout');
  });

  it('turns a numeric string code into a number', async () => {
    const { host } = hostWith('request', (o) => o.fail!({ error: '13', errorMessage: 'timeout' }));
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }));
    expect(error.code).toBe(13);
    expect(error.kind).toBe('retryable');
  });

  it('keeps a non-numeric code as a string', async () => {
    const { host } = hostWith('request', (o) => o.fail!({ error: 'E_SOMETHING', errorMessage: 'odd' }));
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }));
    expect(error.code).toBe('E_SOMETHING');
    expect(error.kind).toBe('fatal');
  });

  it.each([
    ['errorCode', { errorCode: 13, errorMessage: 'x' }],
    ['errCode', { errCode: 13, errMsg: 'x' }],
    ['code', { code: 13, message: 'x' }],
    ['errorCode as a string', { errorCode: '13' }],
  ])('reads the code from `%s` when `error` is absent', async (_field, payload) => {
    const { host } = hostWith('request', (o) => o.fail!(payload));
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }));
    expect(error.code).toBe(13);
    expect(error.kind).toBe('retryable');
    expect(error.raw).toBe(payload);
  });

  it('prefers `error` over the other code fields', async () => {
    const { host } = hostWith('request', (o) => o.fail!({ error: 11, errorCode: 13 }));
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }));
    expect(error.code).toBe(11);
    expect(error.kind).toBe('fatal');
  });

  it('rejects with UNKNOWN when the host fails with a bare string, keeping the text', async () => {
    const { host } = hostWith('request', (o) => o.fail!('request:fail something broke'));
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }));
    expect(error).toMatchObject({ code: 'UNKNOWN', kind: 'fatal', raw: 'request:fail something broke' });
    expect(error.message).toContain('request:fail something broke');
  });

  it('rejects with UNKNOWN when the host fails with an Error instance, keeping it as raw', async () => {
    const thrown = new Error('native bridge gone');
    const { host } = hostWith('request', (o) => o.fail!(thrown));
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }));
    expect(error).not.toBe(thrown);
    expect(error).toMatchObject({ code: 'UNKNOWN', kind: 'fatal' });
    expect(error.raw).toBe(thrown);
    expect(error.message).toContain('native bridge gone');
  });

  it('rejects with UNKNOWN when the host fails with nothing at all', async () => {
    const { host } = hostWith('request', (o) => o.fail!(undefined));
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }));
    expect(error).toMatchObject({ code: 'UNKNOWN', kind: 'fatal', api: 'request' });
    expect(error.raw).toBeUndefined();
  });

  it('rejects with UNKNOWN when the fail payload is an empty object', async () => {
    const { host } = hostWith('request', (o) => o.fail!({}));
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }));
    expect(error.code).toBe('UNKNOWN');
  });

  it('rejects (does not throw) when the host function throws synchronously', async () => {
    const thrown = new Error('boom');
    const { host } = hostWith('request', () => {
      throw thrown;
    });
    let promise!: Promise<unknown>;
    expect(() => {
      promise = clientOver(host).call('request', { url: 'u' });
    }).not.toThrow();
    const error = await rejectionOf(promise);
    expect(isMiniError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'UNKNOWN', kind: 'fatal', attempts: 1 });
    expect(error.raw).toBe(thrown);
  });

  it('reads the code of a thrown failure object', async () => {
    const { host } = hostWith('request', () => {
      throw { error: 2, errorMessage: 'bad params' };
    });
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }));
    expect(error).toMatchObject({ code: 2, kind: 'fatal' });
  });

  it('resolves when the host calls success before throwing', async () => {
    const { host } = hostWith('request', (o) => {
      o.success!({ data: 'ok', status: 200 });
      throw new Error('late throw');
    });
    await expect(clientOver(host).call('request', { url: 'u' })).resolves.toEqual({ data: 'ok', status: 200 });
  });
});

describe('a success callback that reports failure', () => {
  it.each([
    ['tradePay', { resultCode: '6001' }, 6001, 'cancel'],
    ['tradePay', { resultCode: 6001 }, 6001, 'cancel'],
    ['tradePay', { resultCode: '4000' }, 4000, 'fatal'],
    ['tradePay', { resultCode: 4000 }, 4000, 'fatal'],
    ['tradePay', { resultCode: '8000' }, 8000, 'pending'],
    ['tradePay', { resultCode: '6004' }, 6004, 'pending'],
    ['tradePay', { resultCode: 6004 }, 6004, 'pending'],
    ['tradePay', {}, 6004, 'pending'],
    ['paySignCenter', { resultStatus: '6001' }, 6001, 'cancel'],
    ['paySignCenter', { resultStatus: '7001' }, 7001, 'pending'],
    ['paySignCenter', {}, 7001, 'pending'],
    ['openOtherApp', { success: false, error: 3 }, 3, undefined],
    ['openOtherApp', { success: false }, 'UNKNOWN', 'fatal'],
    ['openOtherApp', { success: false, error: '' }, 'UNKNOWN', 'fatal'],
    ['requestSubscribeMessage', { errorCode: 40001, errorMessage: 'x' }, 40001, undefined],
    ['requestSubscribeMessage', { errorCode: '40001' }, 40001, undefined],
    ['connectWifi', { error: '12005' }, 12005, undefined],
    ['connectWifi', { error: 12005 }, 12005, undefined],
  ])('%s success %j rejects with code %p', async (api, payload, code, kind) => {
    const fake = createFakeMy().respond(api, payload);
    const error = await rejectionOf((clientOver(fake).call as any)(api, {}));
    expect(isMiniError(error)).toBe(true);
    expect(error.api).toBe(api);
    expect(error.code).toBe(code);
    if (kind) expect(error.kind).toBe(kind);
    expect(error.raw).toBe(payload);
  });

  it.each([
    ['tradePay', { resultCode: '9000' }],
    ['tradePay', { resultCode: 9000 }],
    ['paySignCenter', { resultStatus: '7000' }],
    ['openOtherApp', { success: true }],
    ['requestSubscribeMessage', { errorCode: 0 }],
    ['requestSubscribeMessage', { 'tmpl-1': 'accept' }],
    ['connectWifi', {}],
    ['connectWifi', { error: 0 }],
  ])('%s success %j resolves with the payload', async (api, payload) => {
    const fake = createFakeMy().respond(api, payload);
    await expect((clientOver(fake).call as any)(api, {})).resolves.toBe(payload);
  });

  it('classifies a tradePay answer the fake gives inside success, as the real host does', async () => {
    const fake = createFakeMy().fail('tradePay', 6001);
    const error = await rejectionOf(clientOver(fake).call('tradePay', { tradeNO: 'T1' }));
    expect(error).toMatchObject({ code: 6001, kind: 'cancel', api: 'tradePay' });
  });
});

describe('native promises returned by the host', () => {
  it('treats a rejection of the returned promise as a failure, and handles it', async () => {
    const rejected = Promise.reject({ error: 13, errorMessage: 'timeout' });
    const then = jest.spyOn(rejected, 'then');
    const { host } = hostWith('request', () => rejected);
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }));
    expect(error).toMatchObject({ code: 13, kind: 'retryable' });
    expect(then).toHaveBeenCalledWith(expect.any(Function), expect.any(Function));
  });

  it('never lets a rejection that loses to the success callback surface as unhandled', async () => {
    // Jest fails the running test on an unhandled rejection, so the wait below is the assertion's window.
    const { host } = hostWith('request', (o) => {
      o.success!({ data: 'first', status: 200 });
      return Promise.reject(new Error('late rejection'));
    });
    await expect(clientOver(host).call('request', { url: 'u' })).resolves.toEqual({ data: 'first', status: 200 });
    await tick(20);
  });

  it('keeps the first outcome when fail comes before the promise resolves', async () => {
    const { host } = hostWith('request', (o) => {
      o.fail!({ error: 11 });
      return Promise.resolve({ data: 'late', status: 200 });
    });
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }));
    expect(error.code).toBe(11);
  });

  it('keeps the first outcome when the promise rejects before a late success callback', async () => {
    let late!: HostOptions;
    const { host } = hostWith('request', (o) => {
      late = o;
      return Promise.reject({ error: 11 });
    });
    const outcome = track(clientOver(host).call('request', { url: 'u' }));
    await tick();
    late.success!({ data: 'late', status: 200 });
    await tick();
    expect(outcome.status).toBe('rejected');
    expect(outcome.value.code).toBe(11);
  });

  it('ignores a resolution with undefined and takes the payload from the callback', async () => {
    const { host } = hostWith('request', (o) => {
      setTimeout(() => o.success!({ data: 'from callback', status: 200 }), 5);
      return Promise.resolve(undefined);
    });
    await expect(clientOver(host).call('request', { url: 'u' })).resolves.toEqual({ data: 'from callback', status: 200 });
  });

  it('settles with the value of a promise that resolves with a payload when no callback comes', async () => {
    const { host } = hostWith('getNetworkType', () => Promise.resolve({ networkType: 'WIFI' }));
    await expect(clientOver(host).call('getNetworkType', {})).resolves.toEqual({ networkType: 'WIFI' });
  });

  it('still times out when the returned promise never settles and no callback comes', async () => {
    jest.useFakeTimers();
    const { host } = hostWith('request', () => new Promise(() => undefined));
    const outcome = track(clientOver(host).call('request', { url: 'u' }));
    await jest.advanceTimersByTimeAsync(60000);
    expect(outcome.status).toBe('rejected');
    expect(outcome.value.code).toBe('TIMEOUT');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('never lets a rejection after the timeout surface as unhandled', async () => {
    let rejectLater!: (reason: unknown) => void;
    const { host } = hostWith('request', () => new Promise((_resolve, reject) => (rejectLater = reject)));
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }, { timeout: 5 }));
    expect(error.code).toBe('TIMEOUT');
    rejectLater({ error: 13 });
    await tick(20);
  });

  it('does not put a returned promise on .task', async () => {
    const { host } = hostWith('getNetworkType', (o) => {
      o.success!({ networkType: 'WIFI' });
      return Promise.resolve(undefined);
    });
    const promise = clientOver(host).call('getNetworkType', {});
    expect(promise.task).toBeUndefined();
    await promise;
  });

  it('puts a RequestTask that is also a promise on .task, so its abort reaches the caller', async () => {
    let failLater!: (raw: unknown) => void;
    const { host } = hostWith('request', (o) => {
      const task = Object.assign(new Promise(() => undefined), {
        abort: () => failLater({ error: 9, errorMessage: 'request:fail abort' }),
      });
      failLater = o.fail!;
      return task;
    });
    const promise = clientOver(host).call('request', { url: 'u' });
    expect(typeof promise.task!.abort).toBe('function');
    promise.task!.abort();
    await expect(promise).rejects.toMatchObject({ code: 9, kind: 'cancel' });
  });
});

describe('exactly one settlement', () => {
  it('resolves once when the host calls success and then fail', async () => {
    const success = jest.fn();
    const fail = jest.fn();
    const { host } = hostWith('request', (o) => {
      o.success!({ data: 1, status: 200 });
      o.fail!({ error: 13 });
      o.complete!({ data: 1, status: 200 });
    });
    await expect(clientOver(host).call('request', { url: 'u', success, fail } as any)).resolves.toEqual({ data: 1, status: 200 });
    await tick();
    expect(success).toHaveBeenCalledTimes(1);
    expect(fail).not.toHaveBeenCalled();
  });

  it('rejects once, with the first failure, when the host calls fail twice', async () => {
    const first = { error: 13, errorMessage: 'first' };
    const fail = jest.fn();
    const { host } = hostWith('request', (o) => {
      setTimeout(() => o.fail!(first), 0);
      setTimeout(() => o.fail!({ error: 11, errorMessage: 'second' }), 1);
    });
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u', fail } as any));
    await tick(10);
    expect(error.raw).toBe(first);
    expect(fail).toHaveBeenCalledTimes(1);
    expect(fail).toHaveBeenCalledWith(error);
  });

  it('rejects when fail comes before success', async () => {
    const { host } = hostWith('request', (o) => {
      o.fail!({ error: 11 });
      o.success!({ data: 1 });
    });
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }));
    expect(error.code).toBe(11);
  });

  it('resolves with the first payload when the host calls success twice', async () => {
    const { host } = hostWith('request', (o) => {
      o.success!({ data: 'first' });
      o.success!({ data: 'second' });
    });
    await expect(clientOver(host).call('request', { url: 'u' })).resolves.toEqual({ data: 'first' });
  });

  it('resolves with the argument of complete when the host only calls complete with a payload', async () => {
    const { host } = hostWith('request', (o) => setTimeout(() => o.complete!({ data: 'x', status: 200 }), 0));
    await expect(clientOver(host).call('request', { url: 'u' })).resolves.toEqual({ data: 'x', status: 200 });
  });

  it.each([
    [{ error: 13, errorMessage: 'timeout' }, 13],
    [{ errorCode: 13 }, 13],
    [{ errorMessage: 'request:fail' }, 'UNKNOWN'],
  ])('rejects when the host only calls complete with a failure %j', async (arg, code) => {
    const { host } = hostWith('request', (o) => setTimeout(() => o.complete!(arg), 0));
    const error = await rejectionOf(clientOver(host).call('request', { url: 'u' }));
    expect(error.code).toBe(code);
    expect(error.raw).toBe(arg);
  });

  it('rejects when openOtherApp only calls complete with { error, errorMessage }', async () => {
    const arg = { error: 3, errorMessage: 'openOtherApp:fail' };
    const { host } = hostWith('openOtherApp', (o) => setTimeout(() => o.complete!(arg), 0));
    const error = await rejectionOf((clientOver(host).call as any)('openOtherApp', { appId: 'x' }));
    expect(isMiniError(error)).toBe(true);
    expect(error.code).toBe(3);
    expect(error.raw).toBe(arg);
  });

  it('judges a complete-only tradePay answer by its resultCode', async () => {
    const ok = hostWith('tradePay', (o) => o.complete!({ resultCode: '9000' }));
    await expect(clientOver(ok.host).call('tradePay', { tradeNO: 'T' })).resolves.toEqual({ resultCode: '9000' });
    const cancelled = hostWith('tradePay', (o) => o.complete!({ resultCode: '6001' }));
    const error = await rejectionOf(clientOver(cancelled.host).call('tradePay', { tradeNO: 'T' }));
    expect(error).toMatchObject({ code: 6001, kind: 'cancel' });
  });

  it('settles on a synchronous success callback and leaves no timer behind', async () => {
    jest.useFakeTimers();
    const { host } = hostWith('request', (o) => o.success!({ data: 'sync', status: 200 }));
    const outcome = track(clientOver(host).call('request', { url: 'u' }));
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome).toEqual({ status: 'resolved', value: { data: 'sync', status: 200 } });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('settles on a synchronous fail callback and leaves no timer behind', async () => {
    jest.useFakeTimers();
    const { host } = hostWith('request', (o) => o.fail!({ error: 11 }));
    const outcome = track(clientOver(host).call('request', { url: 'u' }));
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome.status).toBe('rejected');
    expect(outcome.value.code).toBe(11);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('leaves no timer behind after an asynchronous success', async () => {
    jest.useFakeTimers();
    const fake = createFakeMy();
    const outcome = track(clientOver(fake).call('request', { url: 'u' }));
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome.status).toBe('resolved');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('leaves no timer behind after an asynchronous failure', async () => {
    jest.useFakeTimers();
    const fake = createFakeMy().fail('request', 11);
    const outcome = track(clientOver(fake).call('request', { url: 'u' }));
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome.status).toBe('rejected');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ignores a callback that arrives after the timeout', async () => {
    jest.useFakeTimers();
    let late!: HostOptions;
    const success = jest.fn();
    const { host } = hostWith('request', (o) => {
      late = o;
    });
    const outcome = track(clientOver(host).call('request', { url: 'u', success } as any, { timeout: 1000 }));
    await jest.advanceTimersByTimeAsync(1000);
    expect(outcome.status).toBe('rejected');
    expect(outcome.value.code).toBe('TIMEOUT');
    expect(jest.getTimerCount()).toBe(0);
    late.success!({ data: 'too late' });
    late.fail!({ error: 11 });
    await jest.advanceTimersByTimeAsync(10);
    expect(outcome.value.code).toBe('TIMEOUT');
    expect(success).not.toHaveBeenCalled();
  });

  it('ignores a callback that arrives after an abort', async () => {
    let late!: HostOptions;
    const controller = new AbortController();
    const { host } = hostWith('request', (o) => {
      late = o;
    });
    const outcome = track(clientOver(host).call('request', { url: 'u' }, { signal: controller.signal }));
    controller.abort();
    await tick();
    late.success!({ data: 'too late' });
    await tick();
    expect(outcome.status).toBe('rejected');
    expect(outcome.value.code).toBe('ABORTED');
  });
});

describe('timeout', () => {
  it('says in its message how long it waited', async () => {
    jest.useFakeTimers();
    const outcome = track(clientOver(createFakeMy().hang('request')).call('request', { url: 'u' }, { timeout: 5000 }));
    await jest.advanceTimersByTimeAsync(5000);
    expect(outcome.value.message).toContain('no callback within 5000 ms');
  });

  it('rejects with TIMEOUT (retryable) when the host never calls back within 60 s by default', async () => {
    jest.useFakeTimers();
    const fake = createFakeMy().hang('request');
    const outcome = track(clientOver(fake).call('request', { url: 'u' }));
    await jest.advanceTimersByTimeAsync(59999);
    expect(outcome.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(outcome.status).toBe('rejected');
    expect(isMiniError(outcome.value)).toBe(true);
    expect(outcome.value).toMatchObject({ code: 'TIMEOUT', kind: 'retryable', api: 'request', attempts: 1 });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('uses a per-call timeout', async () => {
    jest.useFakeTimers();
    const fake = createFakeMy().hang('request');
    const outcome = track(clientOver(fake).call('request', { url: 'u' }, { timeout: 250 }));
    await jest.advanceTimersByTimeAsync(249);
    expect(outcome.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(outcome.value.code).toBe('TIMEOUT');
  });

  it("uses the client's configured timeout", async () => {
    jest.useFakeTimers();
    const fake = createFakeMy().hang('request');
    const client = clientOver(fake, { timeout: 15000 });
    const outcome = track(client.call('request', { url: 'u' }));
    await jest.advanceTimersByTimeAsync(14999);
    expect(outcome.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(outcome.value.code).toBe('TIMEOUT');
  });

  it('never times out with timeout: 0, and arms no timer', async () => {
    jest.useFakeTimers();
    const fake = createFakeMy().hang('request');
    const outcome = track(clientOver(fake).call('request', { url: 'u' }, { timeout: 0 }));
    await jest.advanceTimersByTimeAsync(10 * 60 * 1000);
    expect(outcome.status).toBe('pending');
    expect(jest.getTimerCount()).toBe(0);
  });

  it.each(['chooseImage', 'tradePay', 'getAuthCode', 'scan', 'confirm'])(
    'does not time out %s (it waits on the user) under the default timeout',
    async (api) => {
      jest.useFakeTimers();
      const fake = createFakeMy().hang(api);
      const outcome = track((clientOver(fake).call as any)(api, {}));
      await jest.advanceTimersByTimeAsync(30 * 60 * 1000);
      expect(fake.count(api)).toBe(1);
      expect(outcome.status).toBe('pending');
      expect(jest.getTimerCount()).toBe(0);
    },
  );

  it("does not apply a client's configured default timeout to UI APIs", async () => {
    jest.useFakeTimers();
    const fake = createFakeMy().hang('chooseImage');
    const outcome = track(clientOver(fake, { timeout: 1000 }).call('chooseImage', {}));
    await jest.advanceTimersByTimeAsync(5 * 60 * 1000);
    expect(outcome.status).toBe('pending');
  });

  it('times out a UI API when the call sets its own timeout', async () => {
    jest.useFakeTimers();
    const fake = createFakeMy().hang('getAuthCode');
    const outcome = track(clientOver(fake).call('getAuthCode', { scopes: 'auth_user' }, { timeout: 5000 }));
    await jest.advanceTimersByTimeAsync(4999);
    expect(outcome.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(outcome.value).toMatchObject({ code: 'TIMEOUT', api: 'getAuthCode' });
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('abort', () => {
  it('rejects at once with ABORTED (cancel) when the signal aborts', async () => {
    jest.useFakeTimers();
    const controller = new AbortController();
    const { host } = hostWith('request', () => undefined);
    const outcome = track(clientOver(host).call('request', { url: 'u' }, { signal: controller.signal }));
    await Promise.resolve();
    expect(outcome.status).toBe('pending');
    controller.abort();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(outcome.status).toBe('rejected');
    expect(isMiniError(outcome.value)).toBe(true);
    expect(outcome.value).toMatchObject({ code: 'ABORTED', kind: 'cancel', api: 'request' });
    expect(jest.getTimerCount()).toBe(0);
  });

  it("calls the task's abort() when the API returned one", async () => {
    const abort = jest.fn();
    const { host } = hostWith('request', () => ({ abort }));
    const controller = new AbortController();
    const promise = clientOver(host).call('request', { url: 'u' }, { signal: controller.signal });
    expect(abort).not.toHaveBeenCalled();
    controller.abort();
    const error = await rejectionOf(promise);
    expect(error.code).toBe('ABORTED');
    expect(abort).toHaveBeenCalledTimes(1);
  });

  it("still rejects with ABORTED when the task's abort() throws", async () => {
    const abort = jest.fn(() => {
      throw new Error('already finished');
    });
    const { host } = hostWith('request', () => ({ abort }));
    const controller = new AbortController();
    const promise = clientOver(host).call('request', { url: 'u' }, { signal: controller.signal });
    expect(() => controller.abort()).not.toThrow();
    const error = await rejectionOf(promise);
    expect(error.code).toBe('ABORTED');
    expect(abort).toHaveBeenCalledTimes(1);
  });

  it('rejects with ABORTED, not the code of the aborted task (request: 9)', async () => {
    const fake = createFakeMy().hang('request');
    const controller = new AbortController();
    const promise = clientOver(fake).call('request', { url: 'u' }, { signal: controller.signal });
    controller.abort();
    const error = await rejectionOf(promise);
    await tick(5);
    expect(error.code).toBe('ABORTED');
  });

  it('shows no toast for an abort', async () => {
    const fake = createFakeMy().hang('request');
    const client = createClient({ my: fake, retry: false });
    const controller = new AbortController();
    const promise = client.call('request', { url: 'u' }, { signal: controller.signal });
    controller.abort();
    await rejectionOf(promise);
    await tick(5);
    expect(fake.toasts).toEqual([]);
    expect(fake.count('showToast')).toBe(0);
  });

  it('rejects without invoking the host when the signal is already aborted', async () => {
    const fake = createFakeMy();
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(clientOver(fake).call('request', { url: 'u' }, { signal: controller.signal }));
    expect(error).toMatchObject({ code: 'ABORTED', kind: 'cancel' });
    expect(fake.count('request')).toBe(0);
  });

  it('accepts any object with `aborted` and addEventListener/removeEventListener', async () => {
    const listeners: (() => void)[] = [];
    const signal = {
      aborted: false,
      addEventListener: jest.fn((_type: 'abort', listener: () => void) => listeners.push(listener)),
      removeEventListener: jest.fn((_type: 'abort', listener: () => void) => listeners.splice(listeners.indexOf(listener), 1)),
    };
    const fake = createFakeMy().hang('request');
    const promise = clientOver(fake).call('request', { url: 'u' }, { signal });
    expect(signal.addEventListener).toHaveBeenCalledWith('abort', expect.any(Function));
    signal.aborted = true;
    listeners.slice().forEach((listener) => listener());
    const error = await rejectionOf(promise);
    expect(error.code).toBe('ABORTED');
    expect(signal.removeEventListener).toHaveBeenCalledWith('abort', signal.addEventListener.mock.calls[0][1]);
    expect(listeners).toHaveLength(0);
  });

  it('accepts an object with only an `onabort` slot, and restores the slot after settling', async () => {
    const previous = jest.fn();
    const signal: { aborted: boolean; onabort: ((...args: any[]) => unknown) | null } = { aborted: false, onabort: previous };
    const fake = createFakeMy().hang('request');
    const promise = clientOver(fake).call('request', { url: 'u' }, { signal });
    expect(signal.onabort).not.toBe(previous);
    signal.aborted = true;
    signal.onabort!();
    const error = await rejectionOf(promise);
    expect(error).toMatchObject({ code: 'ABORTED', kind: 'cancel' });
    expect(previous).toHaveBeenCalledTimes(1);
    expect(signal.onabort).toBe(previous);
  });

  it('stops listening to the signal once the call has settled', async () => {
    const abort = jest.fn();
    const { host } = hostWith('request', (o) => {
      setTimeout(() => o.success!({ data: 'done', status: 200 }), 0);
      return { abort };
    });
    const signal = { aborted: false, onabort: null as null | (() => unknown) };
    await expect(clientOver(host).call('request', { url: 'u' }, { signal })).resolves.toEqual({ data: 'done', status: 200 });
    expect(signal.onabort).toBeNull();
    const controller = new AbortController();
    const second = clientOver(host).call('request', { url: 'u' }, { signal: controller.signal });
    await second;
    controller.abort();
    await tick();
    expect(abort).not.toHaveBeenCalled();
  });
});

describe("the caller's options and callbacks", () => {
  it('never mutates the options object, and gives the host a copy', async () => {
    const fake = createFakeMy();
    const options = {
      url: 'https://a.example',
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      data: { a: '1' },
    };
    const before = JSON.parse(JSON.stringify(options));
    await clientOver(fake).call('request', options);
    expect(options).toEqual(before);
    expect(Object.keys(options)).toEqual(Object.keys(before));
    expect(fake.calls[0].options).not.toBe(options);
    expect(fake.calls[0].options.url).toBe(options.url);
  });

  it('works with frozen options', async () => {
    const fake = createFakeMy();
    const options = Object.freeze({ url: 'https://a.example' });
    await expect(clientOver(fake).call('request', options)).resolves.toMatchObject({ status: 200 });
  });

  it("does not mutate the options when the caller's own callbacks are in them", async () => {
    const fake = createFakeMy();
    const success = jest.fn();
    const options = { url: 'u', success };
    await clientOver(fake).call('request', options as any);
    expect(options.success).toBe(success);
    expect(Object.keys(options)).toEqual(['url', 'success']);
  });

  it("calls the caller's success and complete once with the payload", async () => {
    const payload = { data: 'p', status: 200, headers: {} };
    const fake = createFakeMy().respond('request', payload);
    const success = jest.fn();
    const fail = jest.fn();
    const complete = jest.fn();
    const value = await clientOver(fake).call('request', { url: 'u', success, fail, complete } as any);
    await tick();
    expect(value).toBe(payload);
    expect(success).toHaveBeenCalledTimes(1);
    expect(success).toHaveBeenCalledWith(payload);
    expect(complete).toHaveBeenCalledTimes(1);
    expect(complete).toHaveBeenCalledWith(payload);
    expect(fail).not.toHaveBeenCalled();
  });

  it("calls the caller's fail and complete once with the MiniError", async () => {
    const fake = createFakeMy().fail('request', 11);
    const success = jest.fn();
    const fail = jest.fn();
    const complete = jest.fn();
    const error = await rejectionOf(clientOver(fake).call('request', { url: 'u', success, fail, complete } as any));
    await tick();
    expect(fail).toHaveBeenCalledTimes(1);
    expect(fail.mock.calls[0][0]).toBe(error);
    expect(isMiniError(fail.mock.calls[0][0])).toBe(true);
    expect(complete).toHaveBeenCalledTimes(1);
    expect(complete.mock.calls[0][0]).toBe(error);
    expect(success).not.toHaveBeenCalled();
  });

  it("calls the caller's fail once, with the final error, after retries", async () => {
    const fake = createFakeMy().fail('request', 13);
    const fail = jest.fn();
    const client = createClient({ my: fake, toast: false, retry: { attempts: 3, baseDelay: 0, maxDelay: 0 } });
    const error = await rejectionOf(client.call('request', { url: 'u', method: 'GET', fail } as any));
    await tick();
    expect(fake.count('request')).toBe(3);
    expect(error.attempts).toBe(3);
    expect(fail).toHaveBeenCalledTimes(1);
    expect(fail).toHaveBeenCalledWith(error);
  });

  it("calls the caller's fail with the MiniError when the host is missing the function", async () => {
    const fail = jest.fn();
    clientOver({}).call('request', { url: 'u', fail } as any);
    await tick(5);
    expect(fail).toHaveBeenCalledTimes(1);
    expect(fail.mock.calls[0][0]).toMatchObject({ code: 'UNSUPPORTED' });
  });

  // Jest fails the running test on an unhandled rejection: the waits below give it the chance.
  it('reports no unhandled rejection when the caller passed fail and ignores the promise', async () => {
    const fake = createFakeMy().fail('request', 11);
    const fail = jest.fn();
    clientOver(fake).call('request', { url: 'u', fail } as any);
    await tick(20);
    expect(fail).toHaveBeenCalledTimes(1);
  });

  it('reports no unhandled rejection when the caller passed complete and ignores the promise', async () => {
    const fake = createFakeMy().fail('request', 11);
    const complete = jest.fn();
    clientOver(fake).call('request', { url: 'u', complete } as any);
    await tick(20);
    expect(complete).toHaveBeenCalledTimes(1);
    expect(isMiniError(complete.mock.calls[0][0])).toBe(true);
  });
});
