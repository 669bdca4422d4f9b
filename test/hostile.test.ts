// Values a careless or hostile caller (or host) hands over, each once failing in a way a page could
// not foresee: prototype names as data, getters that throw, frozen and shared signals, float drift.
// Each case is the reproduction of one such failure, and what a page now gets instead.
import { call as defaultCall, classify, createClient, describe as describeCode, isMiniError } from '../src/index';
import { checkUnionPayResponse, createUnionPayClient, withUnionPayToken } from '../src/platforms/unionpay/index';
import { createFakeUpsdk } from '../src/testing/index';
import { createBudget, MAX_TOKENS } from '../src/policies/budget';
import { failure, fakeTimersLeavingNoneArmed, settle, track } from './helpers/outcome';

const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

fakeTimersLeavingNoneArmed();
afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
});

/** A host that records UI calls and answers `api` as `answer` says. */
function hostWith(api: string, answer: (options: any) => unknown) {
  const ui: string[] = [];
  const my: Record<string, unknown> = {
    [api]: jest.fn(answer),
    showToast: (o: { content: string }) => ui.push('toast:' + o.content),
    showLoading: () => ui.push('showLoading'),
    hideLoading: () => ui.push('hideLoading'),
  };
  return { my, ui, fn: my[api] as jest.Mock };
}

describe('names of Object.prototype members, as data', () => {
  it.each(PROTOTYPE_NAMES)('describe and classify find nothing for the code %s, and never throw', (name) => {
    expect(describeCode('request', name)).toBeUndefined();
    expect(classify('request', name)).toBe('fatal');
    expect(describeCode(name, 'TIMEOUT')).toMatchObject({ code: 'TIMEOUT', kind: 'retryable' });
    expect(describeCode('request', 13, name as any)).toBeUndefined();
  });

  it.each(PROTOTYPE_NAMES)('checkUnionPayResponse throws a MiniError for resp %s', (name) => {
    let thrown: unknown;
    try {
      checkUnionPayResponse({ resp: name });
    } catch (error) {
      thrown = error;
    }
    expect(isMiniError(thrown) && [thrown.code, thrown.kind, thrown.platform]).toEqual([name, 'fatal', 'unionpay']);
  });

  it.each(PROTOTYPE_NAMES)('createClient({ %s: 1 }) is an unknown option', (name) => {
    expect(() => createClient({ [name]: 1 } as any)).toThrow(new RegExp(`^minicall: unknown option \`${name}\``));
  });

  it('a policy parsed from JSON with a "__proto__" key is an unknown option, and changes no prototype', async () => {
    const policy = JSON.parse('{ "__proto__": { "timeout": 1 }, "toast": false }');
    expect(() => createClient(policy)).toThrow(/^minicall: unknown option `__proto__`/);
    const rejected = track(createClient({ my: {} }).call('getStorage', { key: 'k' }, policy));
    await jest.advanceTimersByTimeAsync(0);
    expect(rejected.value).toBeInstanceOf(TypeError);
    expect(({} as any).timeout).toBeUndefined();
  });

  it.each(PROTOTYPE_NAMES)('call(%j) on a host without it is UNSUPPORTED at once, not a TypeError or a TIMEOUT', async (name) => {
    const error = await failure(createClient({ my: {}, toast: false }).call(name as any, {}), 0);
    expect([error.code, error.kind]).toEqual(['UNSUPPORTED', 'fatal']);
  });

  it.each(PROTOTYPE_NAMES)('a host failing later with { error: %j } rejects with that code at once', async (name) => {
    const { my } = hostWith('getStorage', (o) => setTimeout(() => o.fail({ error: name, errorMessage: 'x' }), 10));
    const error = await failure(createClient({ my, toast: false }).call('getStorage', { key: 'k' }, { timeout: 0 }), 10);
    expect([error.code, error.kind]).toEqual([name, 'fatal']);
  });

  it('hints of your own are looked up by their own keys only', async () => {
    const { my } = hostWith('getStorage', (o) => o.fail({ error: 'constructor' }));
    const error = await failure(
      createClient({ my, toast: false, messages: { 'request:13': '稍后再试' } }).call('getStorage', { key: 'k' }),
    );
    expect(typeof error.hint).toBe('string');
  });
});

describe("the caller's callbacks and options, read once and never thrown back", () => {
  const throwing = () => {
    throw new Error('getter says no');
  };
  const cases: [string, () => object][] = [
    ['a throwing success getter', () => Object.defineProperty({ key: 'k' }, 'success', { get: throwing, enumerable: true })],
    ['a Proxy whose get throws', () => new Proxy({}, { get: throwing })],
    [
      'a revoked Proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      },
    ],
  ];

  it.each(cases)('%s: call returns a promise that rejects INVALID_ARGUMENT, the host never invoked', async (_, options) => {
    const { my, fn } = hostWith('getStorage', (o) => o.success({}));
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = createClient({ my, toast: false }).call('getStorage', options() as any))).not.toThrow();
    const error = await failure(promise!, 0);
    expect([error.code, error.attempts]).toEqual(['INVALID_ARGUMENT', 0]);
    expect(error.message).toMatch(/could not be read/);
    expect(fn).not.toHaveBeenCalled();
  });

  it('options whose other getter throws when copied: INVALID_ARGUMENT, attempts 0, host never invoked', async () => {
    const { my, fn } = hostWith('getStorage', (o) => o.success({}));
    const options = Object.defineProperty({}, 'key', { get: throwing, enumerable: true });
    const error = await failure(createClient({ my, toast: false }).call('getStorage', options as any), 0);
    expect([error.code, error.attempts]).toEqual(['INVALID_ARGUMENT', 0]);
    expect(fn).not.toHaveBeenCalled();
  });

  it('a success callback that throws: complete still runs, the call still resolves, the throw surfaces as uncaught', async () => {
    const { my } = hostWith('getStorage', (o) => o.success({ data: 1 }));
    const order: string[] = [];
    const outcome = track(
      createClient({ my }).call('getStorage', {
        key: 'k',
        success: () => {
          order.push('success');
          throw new Error('page bug');
        },
        complete: () => order.push('complete'),
      }),
    );
    // As the platform's own callbacks do: an uncaught error a moment later.
    let uncaught: unknown;
    await jest.advanceTimersByTimeAsync(1).catch((error) => (uncaught = error));
    expect(outcome).toEqual({ status: 'resolved', value: { data: 1 } });
    expect(order).toEqual(['success', 'complete']);
    expect(String(uncaught)).toMatch('page bug');
  });
});

describe('loading over a call whose options the safe-to-repeat check cannot read', () => {
  it.each([
    ['a method that cannot become a string', { url: 'u', method: Object.create(null) }],
    [
      'a headers Proxy that throws',
      {
        url: 'u',
        method: 'POST',
        headers: new Proxy(
          {},
          {
            ownKeys: () => {
              throw new Error('no');
            },
          },
        ),
      },
    ],
  ])('%s: the call is not repeated, and loading is shown and hidden', async (_, options) => {
    const { my, ui, fn } = hostWith('request', (o) => o.fail({ error: 13 }));
    const error = await failure(
      createClient({ my, toast: false, retry: { baseDelay: 0 } }).call('request', options as any, { loading: true }),
    );
    expect(isMiniError(error)).toBe(true);
    expect(fn.mock.calls.length).toBeLessThanOrEqual(1);
    expect(ui).toEqual(['showLoading', 'hideLoading']);
  });

  it('a method whose getter throws: INVALID_ARGUMENT, loading shown and hidden', async () => {
    const { my, ui } = hostWith('request', (o) => o.success({ status: 200 }));
    const options = Object.defineProperty({ url: 'u' }, 'method', {
      get() {
        throw new Error('no method');
      },
      enumerable: true,
    });
    const error = await failure(createClient({ my, toast: false }).call('request', options as any, { loading: true }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(ui).toEqual(['showLoading', 'hideLoading']);
  });
});

describe('signals', () => {
  it('a frozen { aborted: false, onabort: null } rejects INVALID_ARGUMENT before the host, leaving no timer', async () => {
    const { my, fn } = hostWith('getStorage', (o) => o.success({}));
    const signal = Object.freeze({ aborted: false, onabort: null });
    const error = await failure(createClient({ my, toast: false }).call('getStorage', { key: 'k' }, { signal }), 0);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/signal could not be read/);
    expect(fn).not.toHaveBeenCalled();
  });

  it('a signal whose removeEventListener throws: the call still settles, at its timeout', async () => {
    const { my } = hostWith('getStorage', () => undefined);
    const signal = {
      aborted: false,
      addEventListener: () => undefined,
      removeEventListener: () => {
        throw new Error('cannot let go');
      },
    };
    const outcome = await settle(createClient({ my, toast: false }).call('getStorage', { key: 'k' }, { signal, timeout: 1000 }), 1000);
    expect(outcome.value).toMatchObject({ code: 'TIMEOUT' });
  });

  it('one onabort signal shared by 2,000 overlapping calls that finish in any order keeps no handler of theirs', async () => {
    const aborted: number[] = [];
    const my = {
      request: (o: { success: (v: unknown) => void; url: string }) => {
        setTimeout(() => o.success({ status: 200 }), 1 + ((Number(o.url) * 7919) % 997));
        return { abort: () => aborted.push(Number(o.url)) };
      },
    };
    const original = () => undefined;
    const signal = { aborted: false, onabort: original as any };
    const client = createClient({ my, toast: false });
    const calls = Array.from({ length: 2000 }, (_, i) => track(client.call('request', { url: String(i) }, { signal })));
    expect(signal.onabort).not.toBe(original);
    await jest.advanceTimersByTimeAsync(1000);
    expect(calls.every((c) => c.status === 'resolved')).toBe(true);
    expect(signal.onabort).toBe(original);
    // An abort now reaches none of the finished requests.
    signal.aborted = true;
    signal.onabort();
    expect(aborted).toEqual([]);
  });

  it('still aborts every call in flight that shares it, and calls the page’s own handler too', async () => {
    const my = { getStorage: () => undefined };
    const own = jest.fn();
    const signal = { aborted: false, onabort: own as any };
    const client = createClient({ my, toast: false });
    const calls = [1, 2, 3].map(() => track(client.call('getStorage', { key: 'k' }, { signal, timeout: 0 })));
    signal.aborted = true;
    signal.onabort();
    await jest.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.value && c.value.code)).toEqual(['ABORTED', 'ABORTED', 'ABORTED']);
    expect(own).toHaveBeenCalledTimes(1);
    expect(signal.onabort).toBe(own);
  });
});

describe('the retry budget', () => {
  it('counts whole thousandths: after ten failures and fifty successes it holds exactly half, which allows no retry', () => {
    const budget = createBudget();
    for (let i = 0; i < 10; i++) budget.count({ kind: 'retryable' });
    let allows = true;
    for (let i = 0; i < 50; i++) allows = budget.count();
    expect(budget.tokens).toBe(MAX_TOKENS / 2);
    expect(allows).toBe(false);
    expect(budget.count()).toBe(true);
  });
});

describe('UnionPay', () => {
  it.each([
    ['a Symbol', Symbol('x')],
    ['a null-prototype object', Object.create(null)],
  ])('checkUnionPayResponse with a msg that is %s throws its MiniError', (_, msg) => {
    expect(() => checkUnionPayResponse({ resp: 'a10', msg } as any)).toThrow(
      expect.objectContaining({ code: 'a10', action: 'refreshBackendToken' }),
    );
  });

  it('an already-aborted signal outside the wallet is the caller’s cancel: ABORTED, no toast', async () => {
    const showToast = jest.fn();
    const client = createUnionPayClient({ upsdk: createFakeUpsdk({ insideWallet: false }), showToast });
    const controller = new AbortController();
    controller.abort();
    const error = await failure(client.call('getLocationGps', {}, { signal: controller.signal }), 0);
    expect([error.code, error.kind]).toEqual(['ABORTED', 'cancel']);
    expect(showToast).not.toHaveBeenCalled();
  });

  it('30 callers whose a10 failures arrive over 90 ms share one refresh, though refreshToken only returns the token', async () => {
    jest.useRealTimers();
    let stored = 'expired-token';
    const refreshToken = jest.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 'fresh-token'; // returned, not stored: getToken still answers the expired one
    });
    const source = { getToken: () => stored, refreshToken };
    const fn = async (token: string) => checkUnionPayResponse(token === 'fresh-token' ? { resp: '00', params: token } : { resp: 'a10' });
    const callers = Array.from({ length: 30 }, (_, i) =>
      new Promise((resolve) => setTimeout(resolve, i * 3)).then(() =>
        withUnionPayToken(async (token) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          return fn(token);
        }, source),
      ),
    );
    await expect(Promise.all(callers)).resolves.toEqual(Array(30).fill('fresh-token'));
    expect(refreshToken).toHaveBeenCalledTimes(1);
    stored = 'unused';
    jest.useFakeTimers();
  });
});

describe('*Sync calls', () => {
  it.each([
    [{ bogus: 1 }, /unknown option `bogus`/],
    [{ timeout: -5 }, /`timeout`/],
  ])('validate their policy like every call: %j', async (policy, message) => {
    const my = { getStorageSync: jest.fn(() => ({ data: 1 })) };
    const outcome = await settle(createClient({ my }).call('getStorageSync', { key: 'k' }, policy as any), 0);
    expect(outcome.status).toBe('rejected');
    expect(outcome.value).toBeInstanceOf(TypeError);
    expect(outcome.value.message).toMatch(message);
    expect(my.getStorageSync).not.toHaveBeenCalled();
  });
});

describe('bounded memory', () => {
  it('keeps the api function of the names a page uses, and makes, not keeps, one for each of thousands more', () => {
    const { api } = createClient({ my: {} });
    const request = (api as any).request;
    for (let i = 0; i < 5000; i++) void (api as any)['made-up-' + i];
    expect((api as any).request).toBe(request);
    expect((api as any)['made-up-4999']).not.toBe((api as any)['made-up-4999']);
  });

  it('de-duplicates toasts in time that does not grow with the number of texts shown before', async () => {
    jest.useRealTimers();
    const time = async (texts: (i: number) => string) => {
      const client = createClient({ my: { getStorage: (o: any) => o.fail({ error: 2 }), showToast: () => undefined }, retry: false });
      const started = Date.now();
      for (let i = 0; i < 20000; i++) await client.call('getStorage', { key: 'k' }, { toast: () => texts(i) }).catch(() => undefined);
      return Date.now() - started;
    };
    const same = await time(() => 'one text');
    const distinct = await time((i) => 'text ' + i);
    // Before, distinct texts took 35 times as long: every toast swept every text shown in the window.
    expect(distinct).toBeLessThan(same * 4 + 200);
    jest.useFakeTimers();
  }, 60000);
});

it('the default call never throws synchronously either', async () => {
  let promise: Promise<unknown> | undefined;
  expect(() => (promise = defaultCall(Symbol('x') as any))).not.toThrow();
  await expect(promise).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
});
