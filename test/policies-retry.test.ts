// The retry policy: which failures are invoked again, how long each wait is (full jitter, capped,
// at least 1 s for throttling codes, Retry-After honoured), the per-client retry budget, and
// aborting a backoff sleep. Timers are fake; Math.random is pinned where a wait is measured.
import { createClient, isMiniError } from '../src/index';
import type { MiniEvent, Policy } from '../src/index';
import { createFakeMy, type FakeMy } from '../src/testing/index';
import { track, settle, failure } from './helpers/outcome';

const URL = 'https://api.example.com/orders';

/** A client over `fake` with toasts off: only the retry policy is under test. */
const clientOver = (fake: FakeMy, config: object = {}) => createClient({ my: fake, toast: false, ...config });

type Client = ReturnType<typeof createClient>;

/** `my.request` with the given options (url filled in). */
const request = (client: Client, options: Record<string, unknown> = {}, policy?: Policy) =>
  client.call('request', { url: URL, ...options } as any, policy);

/** Records every event with the fake time it happened at. */
function recorder() {
  const events: (MiniEvent & { at: number })[] = [];
  const start = Date.now();
  const onEvent = (event: MiniEvent) => events.push({ ...event, at: Date.now() - start });
  const of = (type: MiniEvent['type']) => events.filter((e) => e.type === type);
  return { events, onEvent, of };
}

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('retrying transient failures', () => {
  it('resolves a GET that times out (13) twice on the third attempt', async () => {
    const fake = createFakeMy()
      .fail('request', 13, { times: 2 })
      .respond('request', { data: { ok: true }, status: 200, headers: {} });
    const { events, onEvent } = recorder();
    const outcome = await settle(request(clientOver(fake, { onEvent }), { method: 'GET' }));
    expect(outcome).toEqual({ status: 'resolved', value: { data: { ok: true }, status: 200, headers: {} } });
    expect(fake.count('request')).toBe(3);
    expect(events.filter((e) => e.type === 'attempt').map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(events[events.length - 1]).toMatchObject({ type: 'success', attempt: 3 });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects a GET that keeps timing out after 3 invocations, with attempts 3 and the last error', async () => {
    const fake = createFakeMy().fail('request', 13);
    const error = await failure(request(clientOver(fake)));
    expect(fake.count('request')).toBe(3);
    expect(error).toMatchObject({ code: 13, kind: 'retryable', api: 'request', attempts: 3 });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('invokes a POST that times out only once; the error stays retryable', async () => {
    const fake = createFakeMy().fail('request', 13);
    const error = await failure(request(clientOver(fake), { method: 'POST', data: { sku: 1 } }));
    expect(fake.count('request')).toBe(1);
    expect(error).toMatchObject({ code: 13, kind: 'retryable', attempts: 1 });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does not retry a fatal failure (request 14)', async () => {
    const fake = createFakeMy().fail('request', 14);
    const error = await failure(request(clientOver(fake)));
    expect(fake.count('request')).toBe(1);
    expect(error).toMatchObject({ code: 14, kind: 'fatal', attempts: 1 });
  });

  it('does not retry a cancel (request 9)', async () => {
    const fake = createFakeMy().fail('request', 9);
    const error = await failure(request(clientOver(fake)));
    expect(fake.count('request')).toBe(1);
    expect(error).toMatchObject({ code: 9, kind: 'cancel', attempts: 1 });
  });

  it('invokes once with retry: false in the client config', async () => {
    const fake = createFakeMy().fail('request', 13);
    const error = await failure(request(clientOver(fake, { retry: false })));
    expect(fake.count('request')).toBe(1);
    expect(error.attempts).toBe(1);
  });

  it('invokes once with a per-call retry: false on a retrying client', async () => {
    const fake = createFakeMy().fail('request', 13);
    const error = await failure(request(clientOver(fake), {}, { retry: false }));
    expect(fake.count('request')).toBe(1);
    expect(error.attempts).toBe(1);
  });

  it('counts the first call in retry.attempts', async () => {
    const fake = createFakeMy().fail('request', 13);
    await failure(request(clientOver(fake, { retry: { attempts: 1 } })));
    expect(fake.count('request')).toBe(1);
    fake.reset().fail('request', 13);
    await failure(request(clientOver(fake, { retry: { attempts: 5, baseDelay: 0 } })));
    expect(fake.count('request')).toBe(5);
  });

  it('keeps the default 3 attempts when retry is a partial object ({ baseDelay: 10 })', async () => {
    const fake = createFakeMy().fail('request', 13);
    const error = await failure(request(clientOver(fake, { retry: { baseDelay: 10 } })));
    expect(fake.count('request')).toBe(3);
    expect(error.attempts).toBe(3);
  });

  it("merges a per-call partial retry over the client's retry config", async () => {
    const fake = createFakeMy().fail('request', 13);
    const client = clientOver(fake, { retry: { attempts: 4 } });
    const error = await failure(request(client, {}, { retry: { baseDelay: 0 } }));
    expect(fake.count('request')).toBe(4);
    expect(error.attempts).toBe(4);
  });

  it('sets MiniError.attempts to the number of invocations when a later attempt fails otherwise', async () => {
    const fake = createFakeMy().fail('request', 13, { times: 1 }).fail('request', 14);
    const error = await failure(request(clientOver(fake)));
    expect(fake.count('request')).toBe(2);
    expect(error).toMatchObject({ code: 14, kind: 'fatal', attempts: 2 });
  });
});

describe('backoff', () => {
  it('waits up to baseDelay before retry 1 and up to twice that before retry 2 (Math.random ≈ 1)', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    const fake = createFakeMy().fail('request', 13);
    const { of, onEvent } = recorder();
    const promise = request(clientOver(fake, { onEvent }));
    await jest.advanceTimersByTimeAsync(0);
    expect(fake.count('request')).toBe(1);
    await jest.advanceTimersByTimeAsync(297);
    expect(fake.count('request')).toBe(1);
    await jest.advanceTimersByTimeAsync(3);
    expect(fake.count('request')).toBe(2);
    await failure(promise);
    const delays = of('retry').map((e) => e.delay!);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(299);
    expect(delays[0]).toBeLessThanOrEqual(300);
    expect(delays[1]).toBeGreaterThanOrEqual(599);
    expect(delays[1]).toBeLessThanOrEqual(600);
    // The waits between invocations are the delays announced (plus the fake's 0–1 ms to answer).
    const at = of('attempt').map((e) => e.at);
    expect(at[1] - at[0] - delays[0]).toBeGreaterThanOrEqual(0);
    expect(at[1] - at[0] - delays[0]).toBeLessThanOrEqual(1);
    expect(at[2] - at[1] - delays[1]).toBeGreaterThanOrEqual(0);
    expect(at[2] - at[1] - delays[1]).toBeLessThanOrEqual(1);
  });

  it('retries without waiting when Math.random returns 0', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fake = createFakeMy().fail('request', 13);
    const { of, onEvent } = recorder();
    const outcome = await settle(request(clientOver(fake, { onEvent })), 5);
    expect(outcome.status).toBe('rejected');
    expect(fake.count('request')).toBe(3);
    expect(of('retry').map((e) => e.delay)).toEqual([0, 0]);
  });

  it('never waits longer than maxDelay, however many retries', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    const fake = createFakeMy().fail('request', 13);
    const { of, onEvent } = recorder();
    await failure(request(clientOver(fake, { onEvent, retry: { attempts: 5, baseDelay: 1000, maxDelay: 1500, maxElapsed: 60000 } })));
    const delays = of('retry').map((e) => e.delay!);
    expect(delays).toHaveLength(4);
    expect(delays[0]).toBeGreaterThanOrEqual(999);
    expect(delays[0]).toBeLessThanOrEqual(1000);
    for (const delay of delays.slice(1)) {
      expect(delay).toBeGreaterThanOrEqual(1499);
      expect(delay).toBeLessThanOrEqual(1500);
    }
  });

  it('spreads the wait over [0, cap]: Math.random = 0.5 waits half of it', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const fake = createFakeMy().fail('request', 13);
    const { of, onEvent } = recorder();
    await failure(request(clientOver(fake, { onEvent })));
    expect(of('retry').map((e) => e.delay)).toEqual([150, 300]);
  });

  it('waits on a base of at least 1000 ms after a throttling code (request 20)', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    const fake = createFakeMy().fail('request', 20);
    const { of, onEvent } = recorder();
    const error = await failure(request(clientOver(fake, { onEvent })));
    expect(error).toMatchObject({ code: 20, kind: 'retryable', attempts: 3 });
    const delays = of('retry').map((e) => e.delay!);
    expect(delays[0]).toBeGreaterThanOrEqual(999);
    expect(delays[0]).toBeLessThanOrEqual(1000);
    expect(delays[1]).toBeGreaterThanOrEqual(1999);
    expect(delays[1]).toBeLessThanOrEqual(2000);
  });

  it('keeps a baseDelay above 1000 ms for a throttling code', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    const fake = createFakeMy().fail('request', 20);
    const { of, onEvent } = recorder();
    await failure(request(clientOver(fake, { onEvent, retry: { baseDelay: 2000, maxDelay: 10000, maxElapsed: 60000 } })));
    const delays = of('retry').map((e) => e.delay!);
    expect(delays[0]).toBeGreaterThanOrEqual(1999);
    expect(delays[0]).toBeLessThanOrEqual(2000);
  });

  it('waits on a base of at least 1000 ms after getPhoneNumber 20000 (marked idempotent)', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    const fake = createFakeMy().fail('getPhoneNumber', 20000);
    const { of, onEvent } = recorder();
    const error = await failure(clientOver(fake, { onEvent }).call('getPhoneNumber', {}, { idempotent: true }));
    expect(fake.count('getPhoneNumber')).toBe(3);
    expect(error).toMatchObject({ code: 20000, kind: 'retryable', attempts: 3 });
    expect(of('retry')[0].delay).toBeGreaterThanOrEqual(999);
  });

  it('waits the Retry-After seconds of a failure payload instead of a jittered delay', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fake = createFakeMy().fail('request', 19, { times: 1, headers: { 'Retry-After': '2' } });
    const { of, onEvent } = recorder();
    const promise = request(clientOver(fake, { onEvent }));
    await jest.advanceTimersByTimeAsync(1999);
    expect(fake.count('request')).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(fake.count('request')).toBe(2);
    const outcome = await settle(promise);
    expect(outcome.status).toBe('resolved');
    expect(of('retry').map((e) => e.delay)).toEqual([2000]);
  });

  it('reads Retry-After in any case, from `header` as well as `headers`', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fake = createFakeMy().fail('request', 19, { times: 1, header: { 'retry-after': '1' } });
    const { of, onEvent } = recorder();
    await settle(request(clientOver(fake, { onEvent })));
    expect(of('retry').map((e) => e.delay)).toEqual([1000]);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    jest.setSystemTime(new Date('2024-05-01T08:00:00.000Z'));
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const when = new Date(Date.now() + 3000).toUTCString();
    const fake = createFakeMy().fail('request', 19, { times: 1, headers: { 'Retry-After': when } });
    const { of, onEvent } = recorder();
    const outcome = await settle(request(clientOver(fake, { onEvent })));
    expect(outcome.status).toBe('resolved');
    const delay = of('retry')[0].delay!;
    // The date is read when the failure arrives, a moment after the call began.
    expect(delay).toBeGreaterThanOrEqual(2990);
    expect(delay).toBeLessThanOrEqual(3000);
  });

  it('caps a Retry-After at maxDelay', async () => {
    const fake = createFakeMy().fail('request', 19, { times: 1, headers: { 'Retry-After': '60' } });
    const { of, onEvent } = recorder();
    await settle(request(clientOver(fake, { onEvent })));
    expect(of('retry').map((e) => e.delay)).toEqual([5000]);
  });

  it('starts no retry that would end after maxElapsed', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    // Each answer takes 1 s; each wait is ≈ 999 ms.
    const slow = createFakeMy({ delay: 1000 }).fail('request', 13);
    const retry = { attempts: 5, baseDelay: 1000, maxDelay: 1000 };
    // 1000 elapsed + 999 > 1500: no retry at all.
    const once = await failure(request(clientOver(slow, { retry: { ...retry, maxElapsed: 1500 } })));
    expect(once.attempts).toBe(1);
    expect(slow.count('request')).toBe(1);
    // 1000 + 999 ≤ 2500 retries once; the second failure at ≈ 3000 ms is final.
    slow.reset().fail('request', 13);
    const twice = await failure(request(clientOver(slow, { retry: { ...retry, maxElapsed: 2500 } })));
    expect(twice.attempts).toBe(2);
    expect(slow.count('request')).toBe(2);
  });

  it('still retries when the wait ends exactly at maxElapsed', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    // The answer takes 1000 ms, the wait is 0.5 × 1000 = 500 ms: 1500 is not past maxElapsed 1500.
    const slow = createFakeMy({ delay: 1000 }).fail('request', 13);
    const error = await failure(request(clientOver(slow, { retry: { attempts: 2, baseDelay: 1000, maxDelay: 1000, maxElapsed: 1500 } })));
    expect(error.attempts).toBe(2);
  });

  it('starts no retry when a Retry-After would pass maxElapsed, and rejects at once', async () => {
    const fake = createFakeMy().fail('request', 19, { headers: { 'Retry-After': '20' } });
    const client = clientOver(fake, { retry: { maxDelay: 30000, maxElapsed: 15000 } });
    const outcome = await settle(request(client), 1);
    expect(outcome.status).toBe('rejected');
    expect(outcome.value).toMatchObject({ code: 19, attempts: 1 });
    expect(fake.count('request')).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('which calls are repeated', () => {
  it.each([['GET'], ['HEAD'], ['OPTIONS'], ['PUT'], ['DELETE'], ['get'], [undefined]])(
    'retries a request with method %s',
    async (method) => {
      jest.spyOn(Math, 'random').mockReturnValue(0);
      const fake = createFakeMy().fail('request', 13);
      const error = await failure(request(clientOver(fake), method === undefined ? {} : { method }));
      expect(fake.count('request')).toBe(3);
      expect(error.attempts).toBe(3);
    },
  );

  it.each([['POST'], ['PATCH'], ['post']])('invokes a %s request once', async (method) => {
    const fake = createFakeMy().fail('request', 13);
    const error = await failure(request(clientOver(fake), { method }));
    expect(fake.count('request')).toBe(1);
    expect(error).toMatchObject({ kind: 'retryable', attempts: 1 });
  });

  it.each([['POST'], ['PATCH']])('retries a %s request marked idempotent: true', async (method) => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fake = createFakeMy().fail('request', 13);
    await failure(request(clientOver(fake), { method }, { idempotent: true }));
    expect(fake.count('request')).toBe(3);
  });

  it.each([
    ['headers', 'Idempotency-Key'],
    ['headers', 'idempotency-key'],
    ['header', 'IDEMPOTENCY-KEY'],
    ['header', 'Idempotency-Key'],
  ])('retries a POST carrying an Idempotency-Key in `%s` (%s)', async (field, name) => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fake = createFakeMy().fail('request', 13);
    await failure(request(clientOver(fake), { method: 'POST', [field]: { [name]: 'order-42' } }));
    expect(fake.count('request')).toBe(3);
  });

  it.each([
    ['downloadFile', 12],
    ['getLocation', 13],
    ['connectSocket', 6],
    ['openBluetoothAdapter', 13],
    ['connectBLEDevice', 10003],
    ['readBLECharacteristicValue', 10003],
    ['getBLEDeviceServices', 10003],
  ])('retries %s (safe to repeat) after %s', async (api, code) => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fake = createFakeMy().fail(api, code);
    const error = await failure(clientOver(fake).call(api as any, {}));
    expect(fake.count(api)).toBe(3);
    expect(error).toMatchObject({ code, kind: 'retryable', attempts: 3 });
  });

  it.each([['uploadFile'], ['sendSocketMessage'], ['chooseImage'], ['scan'], ['getAuthCode']])(
    'invokes %s once after a timeout, unless marked idempotent',
    async (api) => {
      jest.spyOn(Math, 'random').mockReturnValue(0);
      const fake = createFakeMy().hang(api);
      const client = clientOver(fake);
      const error = await failure(client.call(api as any, {}, { timeout: 1000 }));
      expect(error).toMatchObject({ code: 'TIMEOUT', kind: 'retryable', attempts: 1 });
      expect(fake.count(api)).toBe(1);
      const marked = await failure(client.call(api as any, {}, { timeout: 1000, idempotent: true }));
      expect(marked.attempts).toBe(3);
      expect(fake.count(api)).toBe(4);
      expect(jest.getTimerCount()).toBe(0);
    },
  );

  it.each([['tradePay'], ['paySignCenter']])('invokes %s once after a network error (6002), even marked idempotent', async (api) => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fake = createFakeMy().fail(api, 6002);
    const error = await failure(clientOver(fake, { retry: { attempts: 5 } }).call(api as any, {}, { idempotent: true }));
    expect(fake.count(api)).toBe(1);
    expect(error).toMatchObject({ code: 6002, kind: 'retryable', attempts: 1 });
  });
});

describe('retry budget', () => {
  it('stops retrying during an outage: once the budget is spent, calls fail after one attempt', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    const fake = createFakeMy().fail('request', 13);
    const client = clientOver(fake);
    const attempts: number[] = [];
    for (let i = 0; i < 8; i++) attempts.push((await failure(request(client))).attempts);
    // 10 tokens; each failed attempt takes one; no retry once 5 or fewer are left.
    expect(attempts).toEqual([3, 2, 1, 1, 1, 1, 1, 1]);
    expect(fake.count('request')).toBe(3 + 2 + 6);
    // With the budget spent, the original error comes back at once: no backoff wait.
    const outcome = await settle(request(client), 0);
    expect(outcome.status).toBe('rejected');
    expect(outcome.value).toMatchObject({ code: 13, kind: 'retryable', attempts: 1 });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('refills the budget slowly as calls succeed again', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fake = createFakeMy().fail('request', 13);
    const client = clientOver(fake);
    for (let i = 0; i < 15; i++) await failure(request(client));
    // Back up, a little: ten successes give back one token, not enough to retry.
    fake.reset();
    for (let i = 0; i < 10; i++) expect((await settle(request(client))).status).toBe('resolved');
    fake.fail('request', 13);
    expect((await failure(request(client))).attempts).toBe(1);
    // Many successes later, retries are allowed again.
    fake.reset();
    for (let i = 0; i < 65; i++) expect((await settle(request(client))).status).toBe('resolved');
    fake.fail('request', 13);
    expect((await failure(request(client))).attempts).toBeGreaterThan(1);
  });

  it('keeps a budget per client: a drained client does not stop another from retrying', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fake = createFakeMy().fail('request', 13);
    const drained = clientOver(fake);
    for (let i = 0; i < 10; i++) await failure(request(drained));
    expect((await failure(request(drained))).attempts).toBe(1);
    const other = clientOver(fake);
    expect((await failure(request(other))).attempts).toBe(3);
  });

  it('decides failures that arrive together one by one, each with the budget as its own failure left it', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    // A host that fails at once: all six failures are counted before any backoff runs.
    let invocations = 0;
    const my = {
      request: (o: any) => {
        invocations++;
        o.fail({ error: 13, errorMessage: 'request:fail timeout' });
      },
    };
    const client = createClient({ my, toast: false });
    const outcomes = [1, 2, 3, 4, 5, 6].map(() => track(client.call('request', { url: URL })));
    await jest.runAllTimersAsync();
    // Tokens 9, 8, 7 and 6 allow a retry; 5 and 4 do not. The four retries fail too and end there.
    expect(outcomes.map((o) => o.value.attempts)).toEqual([2, 2, 2, 2, 1, 1]);
    expect(invocations).toBe(10);
  });

  it('counts transient failures of calls that are never repeated: five POST timeouts leave a GET no retry', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fake = createFakeMy().fail('request', 13);
    const client = clientOver(fake);
    for (let i = 0; i < 5; i++) expect((await failure(request(client, { method: 'POST' }))).attempts).toBe(1);
    expect((await failure(request(client, { method: 'GET' }))).attempts).toBe(1);
    expect((await failure(request(clientOver(fake), { method: 'GET' }))).attempts).toBe(3);
  });

  it('charges one token for an invocation whose host calls fail twice', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const my = {
      request: (o: any) => {
        o.fail({ error: 13, errorMessage: 'timeout' });
        o.fail({ error: 13, errorMessage: 'timeout again' });
      },
    };
    const client = createClient({ my, toast: false });
    // 10 → 9 → 8 → 7 over the first call's three invocations; then 6 allows one more retry, 5 none.
    expect((await failure(request(client))).attempts).toBe(3);
    expect((await failure(request(client))).attempts).toBe(2);
  });

  it('spends no budget on fatal failures', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fake = createFakeMy().fail('request', 14, { times: 20 }).fail('request', 13);
    const client = clientOver(fake);
    for (let i = 0; i < 20; i++) expect((await failure(request(client))).kind).toBe('fatal');
    expect((await failure(request(client))).attempts).toBe(3);
  });

  it('spends no budget on aborted calls', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fake = createFakeMy().hang('request', { times: 20 }).fail('request', 13);
    const client = clientOver(fake);
    for (let i = 0; i < 20; i++) {
      const controller = new AbortController();
      const outcome = track(request(client, {}, { signal: controller.signal }));
      await jest.advanceTimersByTimeAsync(10);
      controller.abort();
      await jest.advanceTimersByTimeAsync(0);
      expect(outcome.value).toMatchObject({ code: 'ABORTED', kind: 'cancel' });
    }
    expect((await failure(request(client))).attempts).toBe(3);
  });

  it('spends no budget on an abort during backoff beyond the failed attempt itself', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    const fake = createFakeMy().fail('request', 13);
    const client = clientOver(fake);
    // Three aborted backoffs cost three failed attempts, not six: 7 tokens left, enough for one retry.
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const outcome = track(request(client, {}, { signal: controller.signal }));
      await jest.advanceTimersByTimeAsync(10);
      controller.abort();
      await jest.advanceTimersByTimeAsync(0);
      expect(outcome.value).toMatchObject({ code: 'ABORTED', attempts: 1 });
    }
    expect((await failure(request(client))).attempts).toBe(2);
  });
});

describe('abort during backoff', () => {
  it('rejects ABORTED at once, invokes no more and leaves no timer', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    const fake = createFakeMy().fail('request', 13);
    const controller = new AbortController();
    const outcome = track(request(clientOver(fake), {}, { signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(100);
    // The first attempt failed; the call sleeps ≈ 300 ms before the next.
    expect(fake.count('request')).toBe(1);
    expect(outcome.status).toBe('pending');
    expect(jest.getTimerCount()).toBe(1);
    controller.abort();
    // No time passes: only pending promise callbacks run.
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome.status).toBe('rejected');
    expect(isMiniError(outcome.value)).toBe(true);
    expect(outcome.value).toMatchObject({ code: 'ABORTED', kind: 'cancel', api: 'request', attempts: 1 });
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(10000);
    expect(fake.count('request')).toBe(1);
  });

  it('rejects ABORTED when the signal aborts during a retry attempt, with attempts counting it', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fake = createFakeMy().fail('request', 13, { times: 1 }).hang('request');
    const controller = new AbortController();
    const outcome = track(request(clientOver(fake), {}, { signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(10);
    expect(fake.count('request')).toBe(2);
    controller.abort();
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome.value).toMatchObject({ code: 'ABORTED', kind: 'cancel', attempts: 2 });
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(10000);
    expect(fake.count('request')).toBe(2);
  });

  it('does not start a backoff for a signal that became aborted without telling anyone', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    // A plain signal object whose `aborted` turned true while the attempt was failing.
    const signal = { aborted: false };
    const my = {
      request: (o: any) =>
        setTimeout(() => {
          signal.aborted = true;
          o.fail({ error: 13, errorMessage: 'timeout' });
        }, 10),
    };
    const outcome = track(createClient({ my, toast: false }).call('request', { url: URL }, { signal }));
    await jest.advanceTimersByTimeAsync(10);
    expect(outcome.value).toMatchObject({ code: 'ABORTED', kind: 'cancel', attempts: 1 });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does not invoke at all when the signal is already aborted', async () => {
    const fake = createFakeMy().fail('request', 13);
    const controller = new AbortController();
    controller.abort();
    const error = await failure(request(clientOver(fake), {}, { signal: controller.signal }), 0);
    expect(error).toMatchObject({ code: 'ABORTED', kind: 'cancel' });
    expect(fake.count('request')).toBe(0);
  });
});
