import { createUnionPayClient } from '../src/platforms/unionpay/index';
import { createFakeUpsdk } from '../src/testing/index';
import { isMiniError, type MiniError } from '../src/index';

const quiet = { toast: false as const };

afterEach(() => {
  jest.useRealTimers();
  delete (globalThis as any).upsdk;
  delete (globalThis as any).window;
});

async function rejection(promise: Promise<unknown>): Promise<MiniError> {
  try {
    await promise;
  } catch (error) {
    expect(isMiniError(error)).toBe(true);
    return error as MiniError;
  }
  throw new Error('expected the call to reject');
}

describe('createUnionPayClient: readiness', () => {
  it('waits for a bridge that loads late, queuing the calls made meanwhile', async () => {
    jest.useFakeTimers();
    const fake = createFakeUpsdk({ bridgeDelay: 3000 });
    const client = createUnionPayClient({ upsdk: fake, ...quiet });
    const first = client.api.appletAuth({ appId: 'a', scope: 'scope.auth' });
    const second = client.call('getLocationCity');
    await jest.advanceTimersByTimeAsync(2999);
    expect(fake.count('appletAuth')).toBe(0);
    await jest.advanceTimersByTimeAsync(2);
    await expect(first).resolves.toEqual({ code: 'fake-auth-code' });
    await expect(second).resolves.toEqual({ cityCd: '310000' });
    expect(fake.count('appletAuth')).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('asks pluginReady once for all calls', async () => {
    const fake = createFakeUpsdk({ bridgeDelay: 5 });
    const pluginReady = jest.spyOn(fake, 'pluginReady');
    const client = createUnionPayClient({ upsdk: fake, ...quiet });
    await Promise.all([client.call('getLocationCity'), client.call('getLocationGps'), client.call('scanQRCode')]);
    await client.call('getLocationCity');
    expect(pluginReady).toHaveBeenCalledTimes(1);
  });

  it('fails with NOT_READY (fatal) when the bridge never loads within readyTimeout', async () => {
    jest.useFakeTimers();
    const fake = createFakeUpsdk({ neverReady: true });
    const client = createUnionPayClient({ upsdk: fake, readyTimeout: 2000, ...quiet });
    const outcome = rejection(client.api.appletAuth({}));
    await jest.advanceTimersByTimeAsync(2000);
    const error = await outcome;
    expect(error).toMatchObject({ platform: 'unionpay', api: 'appletAuth', code: 'NOT_READY', kind: 'fatal' });
    expect(error.message).toContain('upsdk.appletAuth failed: NOT_READY');
    expect(fake.count('appletAuth')).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('waits the default 10 s for the bridge', async () => {
    jest.useFakeTimers();
    const client = createUnionPayClient({ upsdk: createFakeUpsdk({ neverReady: true }), ...quiet });
    let settled = false;
    const outcome = rejection(client.call('getLocationCity')).finally(() => (settled = true));
    await jest.advanceTimersByTimeAsync(9999);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect((await outcome).code).toBe('NOT_READY');
  });

  it('rejects at once with c101 (fatal) outside the wallet, without waiting', async () => {
    const fake = createFakeUpsdk({ insideWallet: false });
    const client = createUnionPayClient({ upsdk: fake, ...quiet });
    const error = await rejection(client.api.pay({ tn: '123' }));
    expect(error).toMatchObject({ code: 'c101', kind: 'fatal', action: 'userAction' });
    expect(error.entry!.message).toBe('不在云闪付 App 内');
    expect(fake.count('pay')).toBe(0);
  });

  it('times out a call that never calls back after 10 s by default', async () => {
    jest.useFakeTimers();
    const fake = createFakeUpsdk().hang('getLocationCity');
    const client = createUnionPayClient({ upsdk: fake, retry: false, ...quiet });
    const outcome = rejection(client.call('getLocationCity'));
    await jest.advanceTimersByTimeAsync(10000);
    expect((await outcome).code).toBe('TIMEOUT');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('lets the user take their time in the payment sheet: no default timeout for pay', async () => {
    jest.useFakeTimers();
    const fake = createFakeUpsdk().hang('pay', { times: 1 });
    const client = createUnionPayClient({ upsdk: fake, ...quiet });
    let settled = false;
    client.api.pay({ tn: '1' }).then(
      () => (settled = true),
      () => (settled = true),
    );
    await jest.advanceTimersByTimeAsync(120000);
    expect(settled).toBe(false);
  });

  it('finds the page’s global upsdk (window.upsdk) at call time', async () => {
    const client = createUnionPayClient(quiet);
    (globalThis as any).window = { upsdk: createFakeUpsdk().respond('scanQRCode', { value: 'from-window' }) };
    await expect(client.api.scanQRCode({})).resolves.toEqual({ value: 'from-window' });
    (globalThis as any).upsdk = createFakeUpsdk().respond('scanQRCode', { value: 'global' });
    await expect(client.api.scanQRCode({})).resolves.toEqual({ value: 'global' });
  });
});

describe('createUnionPayClient: failures', () => {
  const cases: [string, unknown, string | number][] = [
    ['{ errcode, errmsg }', { errcode: 'c05', errmsg: 'config执行成功以后才能调用插件方法' }, 'c05'],
    ['{ code, msg }', { code: 'c02', msg: '无权限访问此插件' }, 'c02'],
    ['a numeric code', { code: 94, msg: '没有通过人像验证' }, '94'],
  ];
  it.each(cases)('reads the code of %s as a string looked up in the UnionPay catalog', async (_shape, failure, code) => {
    const fake = createFakeUpsdk().fail('appletAuth', failure as any);
    const client = createUnionPayClient({ upsdk: fake, retry: false, ...quiet });
    const error = await rejection(client.api.appletAuth({}));
    expect(error.code).toBe(code);
    expect(error.platform).toBe('unionpay');
    expect(error.entry).toBeDefined();
    expect(error.raw).toBe(failure);
  });

  it('keeps the text of { desc } and of a plain string', async () => {
    const fake = createFakeUpsdk().fail('getLocationGps', { desc: 'GPS 不可用' }, { times: 1 }).fail('getLocationGps', '定位失败');
    const client = createUnionPayClient({ upsdk: fake, retry: false, ...quiet });
    const first = await rejection(client.call('getLocationGps'));
    expect(first).toMatchObject({ code: 'UNKNOWN', kind: 'fatal' });
    expect(first.message).toContain('GPS 不可用');
    expect((await rejection(client.call('getLocationGps'))).message).toContain('定位失败');
  });

  it('counts a `cancel` callback as a failure', async () => {
    const fake = createFakeUpsdk().fail('appletAuth', { errcode: 'c00', errmsg: '参数错误' }, { via: 'cancel' });
    const client = createUnionPayClient({ upsdk: fake, ...quiet });
    expect((await rejection(client.api.appletAuth({}))).code).toBe('c00');
  });

  it('calls a pay failure that says 取消 a cancel (PAY_CANCELLED), and shows no toast', async () => {
    const showToast = jest.fn();
    const fake = createFakeUpsdk().fail('pay', { msg: '用户取消支付' });
    const client = createUnionPayClient({ upsdk: fake, showToast });
    const error = await rejection(client.api.pay({ tn: '1' }));
    expect(error).toMatchObject({ code: 'PAY_CANCELLED', kind: 'cancel' });
    expect(showToast).not.toHaveBeenCalled();
  });

  it('calls any other pay failure PAY_FAILED (fatal), toasts it once and never pays twice', async () => {
    const showToast = jest.fn();
    const fake = createFakeUpsdk().fail('pay', { msg: '交易失败' });
    const client = createUnionPayClient({ upsdk: fake, showToast });
    const error = await rejection(client.api.pay({ tn: '1' }, { idempotent: true }));
    expect(error).toMatchObject({ code: 'PAY_FAILED', kind: 'fatal' });
    expect(showToast).toHaveBeenCalledWith(error.hint);
    expect(fake.count('pay')).toBe(1);
  });

  it('without showToast, a failure only emits the toast event', async () => {
    const events: string[] = [];
    const fake = createFakeUpsdk().fail('appletAuth', { errcode: 'c02' });
    const client = createUnionPayClient({ upsdk: fake, onEvent: (e) => events.push(e.type) });
    await rejection(client.api.appletAuth({}));
    expect(events).toContain('toast');
  });
});

describe('createUnionPayClient: retry', () => {
  it('retries a transient failure of a safe read (c05 before ready), but never appletAuth, scanQRCode or pay', async () => {
    const fake = createFakeUpsdk()
      .fail('getLocationCity', { errcode: 'c05' }, { times: 1 })
      .fail('appletAuth', { errcode: 'c05' })
      .fail('scanQRCode', { errcode: 'c05' })
      .fail('pay', { errcode: 'c05' });
    const client = createUnionPayClient({ upsdk: fake, retry: { baseDelay: 0 }, ...quiet });
    await expect(client.call('getLocationCity')).resolves.toEqual({ cityCd: '310000' });
    expect(fake.count('getLocationCity')).toBe(2);
    for (const api of ['appletAuth', 'scanQRCode', 'pay']) {
      const error = await rejection(client.call(api));
      expect(error.kind).toBe('retryable');
      expect(fake.count(api)).toBe(1);
    }
  });

  it('retries appletAuth only when the caller marks it idempotent; pay never', async () => {
    const fake = createFakeUpsdk().fail('appletAuth', { errcode: 'c05' }, { times: 1 }).fail('pay', { errcode: 'c05' });
    const client = createUnionPayClient({ upsdk: fake, retry: { baseDelay: 0 }, ...quiet });
    await expect(client.api.appletAuth({}, { idempotent: true })).resolves.toEqual({ code: 'fake-auth-code' });
    await rejection(client.api.pay({}, { idempotent: true }));
    expect(fake.count('pay')).toBe(1);
  });

  it('honours policy.signal while waiting for the bridge', async () => {
    jest.useFakeTimers();
    const fake = createFakeUpsdk({ bridgeDelay: 5000 });
    const client = createUnionPayClient({ upsdk: fake, ...quiet });
    const controller = new AbortController();
    const outcome = rejection(client.call('getLocationCity', {}, { signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(100);
    controller.abort();
    const error = await outcome;
    expect(error).toMatchObject({ code: 'ABORTED', kind: 'cancel' });
    await jest.advanceTimersByTimeAsync(5000);
    expect(fake.count('getLocationCity')).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('gives up the bridge wait, timer and all, when the only waiting call aborts', async () => {
    jest.useFakeTimers();
    const fake = createFakeUpsdk({ neverReady: true });
    const client = createUnionPayClient({ upsdk: fake, ...quiet });
    const controller = new AbortController();
    const outcome = rejection(client.call('getLocationCity', {}, { signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(10);
    expect(jest.getTimerCount()).toBe(1);
    controller.abort();
    expect((await outcome).code).toBe('ABORTED');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps waiting for the others when one of several waiting calls aborts', async () => {
    jest.useFakeTimers();
    const fake = createFakeUpsdk({ bridgeDelay: 1000 });
    const client = createUnionPayClient({ upsdk: fake, ...quiet });
    const controller = new AbortController();
    const aborted = rejection(client.call('getLocationCity', {}, { signal: controller.signal }));
    const patient = client.call('getLocationGps');
    await jest.advanceTimersByTimeAsync(10);
    controller.abort();
    expect((await aborted).code).toBe('ABORTED');
    await jest.advanceTimersByTimeAsync(1000);
    await expect(patient).resolves.toEqual({ latitude: '31.23', longitude: '121.47' });
  });

  it('rejects an already aborted call without waiting for the bridge', async () => {
    const client = createUnionPayClient({ upsdk: createFakeUpsdk({ neverReady: true }), ...quiet });
    expect((await rejection(client.call('getLocationCity', {}, { signal: { aborted: true } }))).code).toBe('ABORTED');
  });
});

describe('createUnionPayClient: config', () => {
  it('rejects a config of the wrong type with a TypeError naming the option', () => {
    expect(() => createUnionPayClient({ readyTimeout: -1 })).toThrow(/readyTimeout/);
    expect(() => createUnionPayClient({ showToast: 'yes' as any })).toThrow(/showToast/);
    expect(() => createUnionPayClient({ upsdk: null as any })).toThrow(/upsdk/);
  });

  it('shows and hides a loading indicator through the config’s functions', async () => {
    const shown: string[] = [];
    const fake = createFakeUpsdk();
    const client = createUnionPayClient({
      upsdk: fake,
      showLoading: (t) => shown.push('show ' + t),
      hideLoading: () => shown.push('hide'),
    });
    await client.call('getLocationCity', {}, { loading: '定位中' });
    expect(shown).toEqual(['show 定位中', 'hide']);
  });
});
