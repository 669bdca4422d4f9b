// What a careless caller passes: unknown or malformed API names, options that are not objects, a
// missing host, config and per-call policies of the wrong type, and trade queries that are not
// functions, throw, answer junk or never answer. Each gets a MiniError or a TypeError whose message
// names what was wrong, and nothing hangs: every case runs on fake timers advanced to a bound.
import { createClient, isMiniError } from '../src/index';
import type { MiniError } from '../src/index';
import { paymentFollowUp } from '../src/policies/payment';

type Outcome = { status: 'pending' | 'resolved' | 'rejected'; value?: any };

/** Watches a promise without awaiting it. */
function track(promise: Promise<unknown>): Outcome {
  const outcome: Outcome = { status: 'pending' };
  promise.then(
    (value) => Object.assign(outcome, { status: 'resolved', value }),
    (error) => Object.assign(outcome, { status: 'rejected', value: error }),
  );
  return outcome;
}

/** Runs fake time `ms` forward and returns how `promise` settled; fails when it is still pending. */
async function settled(promise: Promise<unknown>, ms = 120000): Promise<Outcome> {
  const outcome = track(promise);
  await jest.advanceTimersByTimeAsync(ms);
  if (outcome.status === 'pending') throw new Error(`still pending after ${ms} ms of fake time`);
  return outcome;
}

/** The reason `promise` rejects with within `ms` of fake time. */
async function rejection(promise: Promise<unknown>, ms?: number): Promise<any> {
  const outcome = await settled(promise, ms);
  if (outcome.status !== 'rejected') throw new Error('expected a rejection, got a resolution');
  return outcome.value;
}

/** A host whose functions answer at once, and whose UI functions are spies. */
function host() {
  const calls: string[] = [];
  const answer = (api: string, payload: unknown) =>
    jest.fn((o: { success: (v: unknown) => void }) => {
      calls.push(api);
      setTimeout(() => o.success(payload), 10);
    });
  return {
    calls,
    my: {
      request: answer('request', { data: {}, status: 200, headers: {} }),
      getStorageSync: jest.fn(() => ({ data: null })),
      tradePay: answer('tradePay', { resultCode: '8000' }),
      paySignCenter: answer('paySignCenter', { resultStatus: '7001' }),
      showToast: jest.fn(),
      showLoading: jest.fn(),
      hideLoading: jest.fn(),
    } as Record<string, any>,
  };
}

const URL = 'https://shop.example.com/orders';

const TRADE_STATUS = () => 'WAIT_BUYER_PAY';

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  expect(jest.getTimerCount()).toBe(0);
  jest.useRealTimers();
});

describe('API names', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['an unknown API', 'noSuchApi', 'UNSUPPORTED', /my\.noSuchApi/],
    ['an unknown API with the my. prefix', 'my.noSuchApi', 'UNSUPPORTED', /my\.noSuchApi/],
    ['an unknown dotted API', 'ap.noSuchThing', 'UNSUPPORTED', /ap\.noSuchThing/],
    ['an empty name', '', 'INVALID_ARGUMENT', /API name.*got ""/],
    ['a bare my.', 'my.', 'INVALID_ARGUMENT', /API name.*got "my\."/],
    ['null', null, 'INVALID_ARGUMENT', /API name.*null/],
    ['a symbol', Symbol('x'), 'INVALID_ARGUMENT', /API name.*Symbol\(x\)/],
    ['undefined', undefined, 'INVALID_ARGUMENT', /API name.*undefined/],
    ['a number', 42, 'INVALID_ARGUMENT', /API name.*42/],
    ['NaN', NaN, 'INVALID_ARGUMENT', /API name/],
    ['an object', { name: 'request' }, 'INVALID_ARGUMENT', /API name/],
    ['a function', () => 'request', 'INVALID_ARGUMENT', /API name/],
  ])('%s (%p) rejects with a fatal MiniError %s naming it, without calling the host', async (_, name, code, message) => {
    const h = host();
    const client = createClient({ my: h.my, toast: false });
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = client.call(name as 'request');
    }).not.toThrow();
    const error: MiniError = await rejection(promise!);
    expect(isMiniError(error)).toBe(true);
    expect(error).toMatchObject({ code, kind: 'fatal' });
    expect(error.message).toMatch(message);
    expect(h.calls).toEqual([]);
  });

  it('a symbol as the API name rejects with INVALID_ARGUMENT, not a TypeError from building the message', async () => {
    const client = createClient({ my: host().my, toast: false });
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = client.call(Symbol('request') as any);
    }).not.toThrow();
    const error = await rejection(promise!);
    expect(isMiniError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', kind: 'fatal' });
    expect(error.message).toMatch(/API name/);
  });

  it('an unknown API through the api proxy rejects with UNSUPPORTED', async () => {
    const client = createClient({ my: host().my, toast: false });
    const error = await rejection((client.api as any).noSuchApi({}));
    expect(error).toMatchObject({ code: 'UNSUPPORTED', kind: 'fatal', api: 'noSuchApi' });
  });

  it('a host without the function (no global my at all) rejects with UNSUPPORTED naming it', async () => {
    const client = createClient({ toast: false });
    const error = await rejection(client.call('request', { url: URL }));
    expect(error).toMatchObject({ code: 'UNSUPPORTED', api: 'request' });
    expect(error.message).toMatch(/my\.request/);
  });

  it.each<[string, unknown]>([
    ['a string', 'getNetworkType'],
    ['a number', 7],
    ['an object', {}],
    ['null', null],
  ])('a host function that is %s is UNSUPPORTED, not called', async (_, value) => {
    const client = createClient({ my: { getNetworkType: value }, toast: false });
    const error = await rejection(client.call('getNetworkType', {}));
    expect(error).toMatchObject({ code: 'UNSUPPORTED', kind: 'fatal' });
  });
});

describe('options that are not an object', () => {
  it.each<[string, unknown, string]>([
    ['a string', 'https://shop.example.com/orders', 'string'],
    ['a number', 42, 'number'],
    ['null', null, 'null'],
    ['true', true, 'boolean'],
    ['false', false, 'boolean'],
  ])('%s rejects with INVALID_ARGUMENT naming the options and what they were, without calling the host', async (_, options, got) => {
    const h = host();
    const client = createClient({ my: h.my, toast: false });
    for (const api of ['request', 'getStorageSync', 'tradePay']) {
      let promise: Promise<unknown> | undefined;
      expect(() => {
        promise = client.call(api as 'request', options as any);
      }).not.toThrow();
      const error: MiniError = await rejection(promise!);
      expect(isMiniError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', kind: 'fatal', api });
      expect(error.message).toMatch(`options must be an object, got ${got}`);
    }
    expect(h.calls).toEqual([]);
    expect(h.my.getStorageSync).not.toHaveBeenCalled();
  });

  it('a symbol rejects with INVALID_ARGUMENT naming the options, not a TypeError from building the message', async () => {
    const client = createClient({ my: host().my, toast: false });
    const error = await rejection(client.call('request', Symbol('options') as any));
    expect(isMiniError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', kind: 'fatal' });
    expect(error.message).toMatch(/options must be an object/);
  });

  it('the api proxy rejects non-object options the same way', async () => {
    const client = createClient({ my: host().my, toast: false });
    const error = await rejection((client.api.request as any)('https://shop.example.com/orders'));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('the host', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'my'],
    ['a number', 1],
    ['true', true],
    ['a function', () => undefined],
  ])('createClient({ my: %s }) throws a TypeError naming `my`', (_, my) => {
    expect(() => createClient({ my } as any)).toThrow(TypeError);
    expect(() => createClient({ my } as any)).toThrow(/`my`/);
  });

  it('configure({ my: null }) throws a TypeError naming `my` and keeps the host it had', async () => {
    const h = host();
    const client = createClient({ my: h.my, toast: false });
    expect(() => client.configure({ my: null } as any)).toThrow(/`my`/);
    await settled(client.call('request', { url: URL }));
    expect(h.calls).toEqual(['request']);
  });
});

/** [option, a wrong value, what the message must name]. */
const WRONG: [string, unknown, RegExp][] = [
  ['timeout', '5', /`timeout`.*number.*got "5"/],
  ['timeout', -1, /`timeout`.*got -1/],
  ['timeout', NaN, /`timeout`.*got NaN/],
  ['timeout', Infinity, /`timeout`.*got Infinity/],
  ['timeout', null, /`timeout`.*got null/],
  ['retry', 'yes', /`retry`.*object or false.*got "yes"/],
  ['retry', true, /`retry`.*got boolean/],
  ['retry', { attempts: 0 }, /`retry\.attempts`.*whole number.*got 0/],
  ['retry', { attempts: 1.5 }, /`retry\.attempts`.*got 1\.5/],
  ['retry', { attempts: -3 }, /`retry\.attempts`/],
  ['retry', { baseDelay: -1 }, /`retry\.baseDelay`.*got -1/],
  ['retry', { maxDelay: NaN }, /`retry\.maxDelay`.*got NaN/],
  ['retry', { maxElapsed: '15000' }, /`retry\.maxElapsed`/],
  ['retry', { tries: 3 }, /unknown option `retry\.tries`/],
  ['toast', 'yes', /`toast`.*boolean or a function.*got "yes"/],
  ['toast', 1, /`toast`/],
  ['locale', 'fr', /`locale`.*zh-CN.*got "fr"/],
  ['locale', 'en', /`locale`.*minicall\/en/],
  ['messages', 'x', /`messages`.*object.*got "x"/],
  ['messages', null, /`messages`.*got null/],
  ['onEvent', 1, /`onEvent`.*function.*got 1/],
  ['onEvent', 'log', /`onEvent`/],
  ['loading', 5, /`loading`.*boolean or a string.*got 5/],
  ['loading', null, /`loading`/],
  ['trade', 'x', /`trade`.*object/],
  ['trade', {}, /`trade\.query`.*function.*got undefined/],
  ['trade', { query: 'https://shop.example.com/trade' }, /`trade\.query`.*function.*got "https:\/\/shop/],
  ['trade', { query: TRADE_STATUS, maxWait: -1 }, /`trade\.maxWait`/],
  ['trade', { query: TRADE_STATUS, interval: NaN }, /`trade\.interval`/],
  ['trade', { query: TRADE_STATUS, verify: 'yes' }, /`trade\.verify`.*boolean/],
  ['sign', { query: true }, /`sign\.query`.*function/],
  ['sign', { query: () => true, maxWait: '1s' }, /`sign\.maxWait`/],
  ['timeOut', 5000, /unknown option `timeOut`/],
  ['retries', 3, /unknown option `retries`/],
];

/** Wrong values that look nearly right: a count of attempts that is not a number, a misspelt trade option. */
const WRONG_NEARLY: [string, unknown, RegExp][] = [
  ['retry', { attempts: '3' }, /`retry\.attempts`/],
  ['retry', { attempts: true }, /`retry\.attempts`/],
  ['retry', { attempts: [2] }, /`retry\.attempts`/],
  ['trade', { query: TRADE_STATUS, maxwait: 5000 }, /unknown option `trade\.maxwait`/],
  ['sign', { query: () => true, intervall: 500 }, /unknown option `sign\.intervall`/],
];

/** Options of trade and sign written as dotted paths at the top level. */
const DOTTED: [string, unknown, RegExp][] = [
  ['trade.maxWait', 5000, /unknown option `trade\.maxWait`/],
  ['sign.interval', 500, /unknown option `sign\.interval`/],
  ['.query', TRADE_STATUS, /unknown option `\.query`/],
];

describe('configure and createClient with wrong types', () => {
  async function configureRejects(name: string, value: unknown, message: RegExp) {
    const h = host();
    const client = createClient({ my: h.my, toast: false, retry: false });
    let thrown: unknown;
    try {
      client.configure({ [name]: value } as any);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as TypeError).message).toMatch(message);
    expect((thrown as TypeError).message).toMatch(/^minicall: /);
    // The client still works with the config it had.
    const outcome = await settled(client.call('request', { url: URL }));
    expect(outcome.status).toBe('resolved');
  }

  function createClientThrows(name: string, value: unknown, message: RegExp) {
    expect(() => createClient({ my: host().my, [name]: value } as any)).toThrow(TypeError);
    expect(() => createClient({ my: host().my, [name]: value } as any)).toThrow(message);
  }

  it.each(WRONG)('configure({ %s: %p }) throws a TypeError naming it, and changes nothing', configureRejects);
  it.each(WRONG)('createClient({ %s: %p }) throws a TypeError naming it', createClientThrows);
  it.each(WRONG_NEARLY)('configure({ %s: %p }), nearly right, throws a TypeError naming it', configureRejects);
  it.each(WRONG_NEARLY)('createClient({ %s: %p }), nearly right, throws a TypeError naming it', createClientThrows);
  // A dotted path at the top level is not a way to set a trade option: it is an unknown option.
  it.each(DOTTED)('configure({ %p: %p }) throws a TypeError naming the unknown option', configureRejects);

  it.each<[string, unknown]>([
    ['a string', 'timeout=5000'],
    ['a number', 5000],
    ['null', null],
    ['true', true],
  ])('configure(%s) throws a TypeError naming configure', (_, value) => {
    const client = createClient({ my: host().my });
    expect(() => client.configure(value as any)).toThrow(TypeError);
    expect(() => client.configure(value as any)).toThrow(/configure/);
  });

  it.each<[string, unknown, RegExp]>([
    ['a string', 'my', /config.*got string/],
    ['a number', 1, /config.*got number/],
    ['null', null, /config.*got null/],
    ['true', true, /config.*got boolean/],
  ])('createClient(%s) throws a TypeError naming the config and what it got', (_, value, message) => {
    expect(() => createClient(value as any)).toThrow(TypeError);
    expect(() => createClient(value as any)).toThrow(message);
  });
});

describe('values at the edge that are right', () => {
  it.each<[string, object]>([
    ["locale 'zh-CN' spelt out", { locale: 'zh-CN' }],
    ['timeout 0 (off)', { timeout: 0 }],
    ['retry false (off)', { retry: false }],
    ['a toast function', { toast: () => false }],
    ['a loading text', { loading: '加载中' }],
    ['options given as undefined', { timeout: undefined, retry: undefined, toast: undefined }],
    ['retry fields given as undefined', { retry: { attempts: undefined, baseDelay: 0 } }],
  ])('%s is accepted by createClient, configure and a call', async (_, config) => {
    const h = host();
    expect(() => createClient({ my: h.my, ...config } as any)).not.toThrow();
    const client = createClient({ my: h.my, toast: false });
    expect(() => client.configure(config as any)).not.toThrow();
    const outcome = await settled(client.call('request', { url: URL }, config as any));
    expect(outcome.status).toBe('resolved');
  });

  it('options given as undefined keep what the client had', async () => {
    const fake = { request: jest.fn((o: any) => o.fail({ error: 13 })) };
    const client = createClient({ my: fake, toast: false, retry: { attempts: 2, baseDelay: 0 } });
    client.configure({ retry: undefined, timeout: undefined });
    await rejection(client.call('request', { url: URL }, { retry: { attempts: undefined } }));
    expect(fake.request).toHaveBeenCalledTimes(2);
  });

  it('a partial retry over retry: false starts from the defaults (3 attempts)', async () => {
    const fake = { request: jest.fn((o: any) => o.fail({ error: 13 })) };
    const client = createClient({ my: fake, toast: false, retry: false });
    const error = await rejection(client.call('request', { url: URL }, { retry: { baseDelay: 0 } }));
    expect(error).toMatchObject({ code: 13, attempts: 3 });
    expect(fake.request).toHaveBeenCalledTimes(3);
  });
});

describe('per-call policies with wrong types', () => {
  const PER_CALL = WRONG.concat([
    ['idempotent', 'yes', /`idempotent`.*boolean.*got "yes"/],
    ['signal', 5, /`signal`.*object.*got 5/],
    ['signal', null, /`signal`.*got null/],
  ]);

  async function callRejects(name: string, value: unknown, message: RegExp) {
    const h = host();
    const client = createClient({ my: h.my, toast: false });
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = client.call('request', { url: URL }, { [name]: value } as any);
    }).not.toThrow();
    const error = await rejection(promise!);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(message);
    expect(h.calls).toEqual([]);
  }

  it.each(PER_CALL)('{ %s: %p } rejects with a TypeError naming it, without a synchronous throw or an invocation', callRejects);
  it.each(WRONG_NEARLY)('{ %s: %p }, nearly right, rejects with a TypeError naming it', callRejects);

  it.each<[string, unknown]>([
    ['a string', 'no-toast'],
    ['a number', 0],
    ['null', null],
    ['true', true],
  ])('a policy that is %s rejects with a TypeError naming the policy (the third argument)', async (_, policy) => {
    const h = host();
    const client = createClient({ my: h.my, toast: false });
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = client.call('request', { url: URL }, policy as any);
    }).not.toThrow();
    const error = await rejection(promise!);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/policy/);
    expect(h.calls).toEqual([]);
  });

  it('a wrong per-call policy still reaches the fail and complete callbacks, once', async () => {
    const fail = jest.fn();
    const complete = jest.fn();
    const client = createClient({ my: host().my, toast: false });
    const error = await rejection(client.call('request', { url: URL, fail, complete }, { timeout: '5' } as any));
    expect(fail.mock.calls).toEqual([[error]]);
    expect(complete.mock.calls).toEqual([[error]]);
  });
});

describe('failures with odd codes', () => {
  // What a host may put in `error`: the code as minicall reports it.
  it.each<[string, object, number | string]>([
    ['NaN', { error: NaN }, 'UNKNOWN'],
    ['an empty string, then errorCode', { error: '', errorCode: 13 }, 13],
    ['a numeric string with spaces', { error: ' 13 ' }, 13],
    ['a negative numeric string', { error: '-1' }, -1],
    ['digits then letters', { error: '13abc' }, '13abc'],
    ['letters then digits', { error: 'x13' }, 'x13'],
    ['a decimal string', { error: '13.5' }, '13.5'],
  ])('a failure whose code is %s rejects with code %p', async (_, raw, code) => {
    const client = createClient({ my: { getNetworkType: (o: any) => o.fail(raw) }, toast: false });
    const error = await rejection(client.call('getNetworkType', {}));
    expect(isMiniError(error)).toBe(true);
    expect(error.code).toBe(code);
    expect(error.raw).toBe(raw);
  });
});

describe('per-call options given as undefined', () => {
  it('a user-paced API with { timeout: undefined } still ignores the configured default timeout', async () => {
    const h = host();
    h.my.chooseImage = jest.fn((o: any) => setTimeout(() => o.success({ apFilePaths: ['a.jpg'] }), 5000));
    const client = createClient({ my: h.my, toast: false, timeout: 100 });
    const outcome = await settled(client.call('chooseImage', { count: 1 }, { timeout: undefined }), 6000);
    expect(outcome).toMatchObject({ status: 'resolved', value: { apFilePaths: ['a.jpg'] } });
  });
});

describe('trade and sign queries that misbehave', () => {
  const MAX_WAIT = 3000;

  /** tradePay answering 8000 (processing) on a client whose trade.query is `query`. */
  async function pendingTrade(query: unknown, extra: object = {}) {
    const h = host();
    const client = createClient({ my: h.my, toast: false, steps: [paymentFollowUp], trade: { query, maxWait: MAX_WAIT, interval: 500, ...extra } as any });
    const outcome = await settled(client.call('tradePay', { tradeNO: 'T1' }), MAX_WAIT + 10000);
    return { outcome, h };
  }

  it.each<[string, () => unknown, string | undefined]>([
    [
      'throws',
      () => {
        throw new Error('the server is down');
      },
      undefined,
    ],
    ['rejects', () => Promise.reject(new Error('503')), undefined],
    ['returns 42', () => 42, undefined],
    ['returns {}', () => ({}), undefined],
    ['returns null', () => null, undefined],
    ['returns undefined', () => undefined, undefined],
    ["returns 'PAID'", () => 'PAID', 'PAID'],
    ['returns { tradeStatus: 42 }', () => ({ tradeStatus: 42 }), undefined],
    ['resolves with junk', () => Promise.resolve([1, 2]), undefined],
    ['never settles', () => new Promise(() => undefined), undefined],
    ['returns a thenable that never calls back', () => ({ then() {} }), undefined],
  ])('a trade.query that %s: the call ends at maxWait, pending, tradePay invoked once', async (_, query, tradeStatus) => {
    const queried = jest.fn((_info: unknown) => query());
    const { outcome, h } = await pendingTrade(queried);
    expect(outcome.status).toBe('rejected');
    const error: MiniError = outcome.value;
    expect(isMiniError(error)).toBe(true);
    expect(error).toMatchObject({ code: 8000, kind: 'pending', attempts: 1 });
    expect(error.tradeStatus).toBe(tradeStatus);
    expect(h.calls).toEqual(['tradePay']);
    expect(queried).toHaveBeenCalled();
    expect(queried.mock.calls[0][0]).toEqual({ tradeNO: 'T1', orderStr: undefined, resultCode: '8000' });
  });

  it.each<[string, () => unknown]>([
    ["returns 'true'", () => 'true'],
    ['returns 1', () => 1],
    [
      'throws',
      () => {
        throw new Error('down');
      },
    ],
    ['never settles', () => new Promise(() => undefined)],
  ])('a sign.query that %s: paySignCenter ends at maxWait, pending 7001', async (_, query) => {
    const h = host();
    const client = createClient({ my: h.my, toast: false, steps: [paymentFollowUp], sign: { query: query as any, maxWait: MAX_WAIT, interval: 500 } });
    const outcome = await settled(client.call('paySignCenter', { signStr: 's' }), MAX_WAIT + 10000);
    expect(outcome.value).toMatchObject({ code: 7001, kind: 'pending', attempts: 1 });
    expect(h.calls).toEqual(['paySignCenter']);
  });

  it.each<[string, unknown]>([
    ['a string', 'https://shop.example.com/trade'],
    ['a number', 42],
    ['null', null],
    ['an object', { url: 'x' }],
  ])('a trade.query that is %s is a TypeError at createClient and configure, and a rejected TypeError per call', async (_, query) => {
    expect(() => createClient({ my: host().my, steps: [paymentFollowUp], trade: { query } as any })).toThrow(/`trade\.query`/);
    const h = host();
    const client = createClient({ my: h.my, toast: false, steps: [paymentFollowUp] });
    expect(() => client.configure({ trade: { query } as any })).toThrow(/`trade\.query`/);
    const error = await rejection(client.call('tradePay', { tradeNO: 'T1' }, { trade: { query } as any }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/`trade\.query`/);
    expect(h.calls).toEqual([]);
  });

  it.each<[string, () => unknown, RegExp]>([
    ['returns junk', () => 42, /not confirmed within 3000 ms —/],
    ["returns 'PAID'", () => 'PAID', /not confirmed within 3000 ms; last status PAID/],
    ['never settles', () => new Promise(() => undefined), /not confirmed within 3000 ms —/],
  ])('trade.verify with a query that %s: a 9000 ends pending at maxWait, saying so', async (_, query, message) => {
    const h = host();
    h.my.tradePay = jest.fn((o: any) => setTimeout(() => o.success({ resultCode: '9000' }), 10));
    const client = createClient({ my: h.my, toast: false, steps: [paymentFollowUp], trade: { query: query as any, maxWait: MAX_WAIT, interval: 500, verify: true } });
    const outcome = await settled(client.call('tradePay', { tradeNO: 'T1' }), MAX_WAIT + 10000);
    expect(outcome.value).toMatchObject({ code: 9000, kind: 'pending', attempts: 1 });
    expect(outcome.value.message).toMatch(message);
  });

  it('a query that answers TRADE_CLOSED ends the call fatal, saying so', async () => {
    const { outcome } = await pendingTrade(() => 'TRADE_CLOSED');
    expect(outcome.value).toMatchObject({ code: 8000, kind: 'fatal', tradeStatus: 'TRADE_CLOSED' });
    expect(outcome.value.message).toMatch(/the trade query answered TRADE_CLOSED/);
  });

  it('a never-settling query does not keep the call past maxWait, however long each wait is', async () => {
    const h = host();
    const client = createClient({
      my: h.my,
      toast: false,
      steps: [paymentFollowUp],
      trade: { query: () => new Promise(() => undefined), maxWait: 1000, interval: 5000 },
    });
    const outcome = track(client.call('tradePay', { tradeNO: 'T1' }));
    await jest.advanceTimersByTimeAsync(10 + 1000 + 1);
    expect(outcome).toMatchObject({ status: 'rejected', value: { code: 8000, kind: 'pending' } });
  });
});

describe('numbers at the edge of what the platform can wait', () => {
  // setTimeout treats a delay beyond 2^31 − 1 ms as 1 ms. A config value that large must either be
  // refused or honoured, never turned into "at once".
  const HUGE = 2 ** 31;

  it('timeout: 2^31 ms does not time a call out after 1 ms', async () => {
    const h = host();
    let client: ReturnType<typeof createClient>;
    try {
      client = createClient({ my: h.my, toast: false, retry: false, timeout: HUGE });
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/`timeout`/);
      return;
    }
    const outcome = track(client.call('request', { url: URL }));
    await jest.advanceTimersByTimeAsync(100);
    jest.clearAllTimers();
    expect(outcome.status).toBe('resolved');
  });

  it('trade.maxWait: 2^32 ms still hears a query that answers after 10 ms', async () => {
    const h = host();
    const query = () => new Promise((resolve) => setTimeout(() => resolve('TRADE_SUCCESS'), 10));
    let client: ReturnType<typeof createClient>;
    try {
      client = createClient({ my: h.my, toast: false, steps: [paymentFollowUp], trade: { query: query as any, maxWait: 2 * HUGE, interval: 100 } });
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/`trade\.maxWait`/);
      return;
    }
    const outcome = track(client.call('tradePay', { tradeNO: 'T1' }));
    await jest.advanceTimersByTimeAsync(1000);
    jest.clearAllTimers();
    expect(outcome).toMatchObject({ status: 'resolved', value: { confirmedBy: 'query', tradeStatus: 'TRADE_SUCCESS' } });
  });

  it('trade.interval: 0 does not poll the merchant server on every timer turn', async () => {
    const h = host();
    const query = jest.fn(() => 'WAIT_BUYER_PAY');
    let client: ReturnType<typeof createClient>;
    try {
      client = createClient({ my: h.my, toast: false, steps: [paymentFollowUp], trade: { query: query as any, maxWait: 3000, interval: 0 } });
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/`trade\.interval`/);
      return;
    }
    const outcome = await settled(client.call('tradePay', { tradeNO: 'T1' }), 10000);
    expect(outcome.value).toMatchObject({ code: 8000, kind: 'pending' });
    // With interval 1000 the README's schedule asks 5 times in 3 s; 0 may ask sooner, but not ~3000 times.
    expect(query.mock.calls.length).toBeLessThanOrEqual(50);
  });
});
