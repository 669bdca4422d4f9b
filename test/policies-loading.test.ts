// The loading policy: `my.showLoading` for the whole call (retries included), hidden whatever
// happens, and hidden before any failure toast appears.
import { createClient } from '../src/index';
import type { Policy } from '../src/index';
import { createFakeMy, type FakeMy } from '../src/testing/index';
import { track, failure } from './helpers/outcome';

const URL = 'https://api.example.com/orders';

type Client = ReturnType<typeof createClient>;

const request = (client: Client, options: Record<string, unknown> = {}, policy?: Policy) =>
  client.call('request', { url: URL, ...options } as any, policy);

/** The names of the host functions called, in order. */
const sequence = (fake: FakeMy) => fake.calls.map((c) => c.api);

beforeEach(() => {
  jest.useFakeTimers();
  jest.spyOn(Math, 'random').mockReturnValue(0.5);
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('policy.loading', () => {
  it('shows no loading indicator by default', async () => {
    const fake = createFakeMy();
    const outcome = track(request(createClient({ my: fake })));
    await jest.advanceTimersByTimeAsync(10);
    expect(outcome.status).toBe('resolved');
    expect(fake.count('showLoading')).toBe(0);
    expect(fake.count('hideLoading')).toBe(0);
  });

  it('shows loading while the call runs and hides it after a success', async () => {
    const fake = createFakeMy({ delay: 500 });
    const outcome = track(request(createClient({ my: fake }), {}, { loading: true }));
    await jest.advanceTimersByTimeAsync(250);
    expect(fake.loading).toBe(true);
    expect(outcome.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(250);
    expect(outcome.status).toBe('resolved');
    expect(fake.loading).toBe(false);
    expect(sequence(fake)).toEqual(['showLoading', 'request', 'hideLoading']);
  });

  it('shows a string as the loading text', async () => {
    const fake = createFakeMy();
    const outcome = track(request(createClient({ my: fake }), {}, { loading: '加载订单…' }));
    await jest.advanceTimersByTimeAsync(10);
    expect(outcome.status).toBe('resolved');
    const shown = fake.calls.find((c) => c.api === 'showLoading');
    expect(shown && shown.options.content).toBe('加载订单…');
  });

  it('can be on for every call of a client', async () => {
    const fake = createFakeMy();
    const outcome = track(request(createClient({ my: fake, loading: true })));
    await jest.advanceTimersByTimeAsync(10);
    expect(outcome.status).toBe('resolved');
    expect(sequence(fake)).toEqual(['showLoading', 'request', 'hideLoading']);
  });

  it('stays up across retries: shown once before the first attempt, hidden once after the last', async () => {
    const fake = createFakeMy().fail('request', 13, { times: 2 });
    const outcome = track(request(createClient({ my: fake }), {}, { loading: true }));
    await jest.advanceTimersByTimeAsync(100);
    // Between attempts, in the backoff wait, the indicator is still up.
    expect(fake.count('request')).toBe(1);
    expect(fake.loading).toBe(true);
    await jest.advanceTimersByTimeAsync(60000);
    expect(outcome.status).toBe('resolved');
    expect(sequence(fake)).toEqual(['showLoading', 'request', 'request', 'request', 'hideLoading']);
  });

  it('hides loading after a failure, before the toast is shown', async () => {
    const fake = createFakeMy().fail('request', 13);
    await failure(request(createClient({ my: fake }), {}, { loading: true }));
    expect(fake.loading).toBe(false);
    expect(sequence(fake)).toEqual(['showLoading', 'request', 'request', 'request', 'hideLoading', 'showToast']);
  });

  it('hides loading when the call is aborted', async () => {
    const fake = createFakeMy().hang('request');
    const controller = new AbortController();
    const outcome = track(request(createClient({ my: fake }), {}, { loading: true, signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(1000);
    expect(fake.loading).toBe(true);
    controller.abort();
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome.value).toMatchObject({ code: 'ABORTED' });
    expect(fake.loading).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('hides loading when the call is aborted during a backoff wait', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    const fake = createFakeMy().fail('request', 13);
    const controller = new AbortController();
    const outcome = track(request(createClient({ my: fake }), {}, { loading: true, signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(100);
    controller.abort();
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome.value).toMatchObject({ code: 'ABORTED' });
    expect(fake.loading).toBe(false);
    expect(sequence(fake)).toEqual(['showLoading', 'request', 'hideLoading']);
  });

  it('hides loading after a timeout', async () => {
    const fake = createFakeMy().hang('request');
    await failure(request(createClient({ my: fake, retry: false }), {}, { loading: true, timeout: 3000 }));
    expect(fake.loading).toBe(false);
    expect(sequence(fake)).toEqual(['showLoading', 'request', 'hideLoading', 'showToast']);
  });

  it('does not break the call when showLoading or hideLoading throw', async () => {
    const fake = createFakeMy().respond('request', { data: 1, status: 200, headers: {} });
    fake.showLoading = () => {
      throw new Error('no loading here');
    };
    fake.hideLoading = () => {
      throw new Error('no loading here');
    };
    const outcome = track(request(createClient({ my: fake }), {}, { loading: true }));
    await jest.advanceTimersByTimeAsync(10);
    expect(outcome).toEqual({ status: 'resolved', value: { data: 1, status: 200, headers: {} } });
  });
});
