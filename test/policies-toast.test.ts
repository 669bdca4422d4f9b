// The toast policy: one `my.showToast` with the failure's hint after the final outcome, never for a
// cancel, never a flood; rewritten or suppressed by a function; hints in English or the page's own.
import '../src/locales/en';
import { createClient, MiniError } from '../src/index';
import type { Policy } from '../src/index';
import { createFakeMy, type FakeMy } from '../src/testing/index';
import { track, failure } from './helpers/outcome';

const URL = 'https://api.example.com/orders';
const TIMED_OUT = '网络超时，请稍后重试';
const UNAVAILABLE = '服务暂不可用，请稍后再试';

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

describe('what is toasted', () => {
  it('shows the hint of a retryable failure once, as a fail toast, after the last attempt', async () => {
    const fake = createFakeMy().fail('request', 13);
    const error = await failure(request(createClient({ my: fake })));
    expect(error.hint).toBe(TIMED_OUT);
    expect(fake.toasts).toEqual([TIMED_OUT]);
    expect(sequence(fake)).toEqual(['request', 'request', 'request', 'showToast']);
    expect(fake.calls[3].options).toMatchObject({ type: 'fail', content: TIMED_OUT });
    expect(jest.getTimerCount()).toBe(0);
  });

  it("shows a fatal failure's hint", async () => {
    const fake = createFakeMy().fail('request', 14);
    await failure(request(createClient({ my: fake })));
    expect(fake.toasts).toEqual([UNAVAILABLE]);
  });

  it("shows a pending payment's hint (tradePay 8000 without a trade query)", async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const error = await failure(createClient({ my: fake }).api.tradePay({ tradeNO: 'T1' }));
    expect(error.kind).toBe('pending');
    expect(fake.toasts).toEqual(['支付结果确认中，请稍候']);
  });

  it('shows nothing when the call succeeds, even after failed attempts', async () => {
    const fake = createFakeMy().fail('request', 13, { times: 2 });
    const outcome = track(request(createClient({ my: fake })));
    await jest.advanceTimersByTimeAsync(60000);
    expect(outcome.status).toBe('resolved');
    expect(fake.count('showToast')).toBe(0);
  });

  it.each([
    ['chooseImage', 11],
    ['tradePay', 6001],
    ['tradePay', 99],
    ['request', 9],
  ])('never toasts a cancel (%s %s)', async (api, code) => {
    const fake = createFakeMy().fail(api, code);
    const error = await failure(createClient({ my: fake }).call(api as any, {}));
    expect(error.kind).toBe('cancel');
    expect(fake.count('showToast')).toBe(0);
  });

  it('never toasts an abort', async () => {
    const fake = createFakeMy().hang('request');
    const controller = new AbortController();
    const outcome = track(request(createClient({ my: fake }), {}, { signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(100);
    controller.abort();
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome.value).toMatchObject({ code: 'ABORTED', kind: 'cancel' });
    expect(fake.count('showToast')).toBe(0);
  });

  it('shows nothing with toast: false in the client config', async () => {
    const fake = createFakeMy().fail('request', 14);
    await failure(request(createClient({ my: fake, toast: false })));
    expect(fake.count('showToast')).toBe(0);
  });

  it('shows nothing for a call with { toast: false }, and still toasts the next call', async () => {
    const fake = createFakeMy().fail('request', 14);
    const client = createClient({ my: fake });
    await failure(request(client, {}, { toast: false }));
    expect(fake.count('showToast')).toBe(0);
    await failure(request(client));
    expect(fake.toasts).toEqual([UNAVAILABLE]);
  });

  it('shows a toast for a call with { toast: true } on a client with toasts off', async () => {
    const fake = createFakeMy().fail('request', 14);
    await failure(request(createClient({ my: fake, toast: false }), {}, { toast: true }));
    expect(fake.toasts).toEqual([UNAVAILABLE]);
  });
});

describe('toast as a function', () => {
  it('shows the string it returns instead of the hint, and gets the final MiniError', async () => {
    const fake = createFakeMy().fail('request', 13);
    const toast = jest.fn((error: MiniError) => `出错了 (${error.code})`);
    const error = await failure(request(createClient({ my: fake, toast })));
    expect(fake.toasts).toEqual(['出错了 (13)']);
    expect(toast).toHaveBeenCalledTimes(1);
    expect(toast.mock.calls[0][0]).toBe(error);
    expect(toast.mock.calls[0][0].attempts).toBe(3);
  });

  it('shows nothing when it returns false', async () => {
    const fake = createFakeMy().fail('request', 13);
    await failure(request(createClient({ my: fake, toast: () => false })));
    expect(fake.count('showToast')).toBe(0);
  });

  it('keeps the hint when it returns undefined', async () => {
    const fake = createFakeMy().fail('request', 13);
    await failure(request(createClient({ my: fake, toast: () => undefined })));
    expect(fake.toasts).toEqual([TIMED_OUT]);
  });

  it('still shows the hint when it throws, and the call rejects with the original error', async () => {
    const fake = createFakeMy().fail('request', 14);
    const error = await failure(
      request(
        createClient({
          my: fake,
          toast: () => {
            throw new Error('bug in the page');
          },
        }),
      ),
    );
    expect(error).toMatchObject({ code: 14, kind: 'fatal' });
    expect(fake.toasts).toEqual([UNAVAILABLE]);
  });

  it('is not consulted for a cancel: nothing is shown whatever it would return', async () => {
    const fake = createFakeMy().fail('chooseImage', 11);
    const toast = jest.fn(() => '已取消选择');
    await failure(createClient({ my: fake, toast }).api.chooseImage({}));
    expect(fake.count('showToast')).toBe(0);
  });

  it('can be given per call', async () => {
    const fake = createFakeMy().fail('request', 14);
    await failure(request(createClient({ my: fake }), {}, { toast: (error) => `订单加载失败 ${error.code}` }));
    expect(fake.toasts).toEqual(['订单加载失败 14']);
  });
});

describe('never a flood', () => {
  it('shows one toast for ten concurrent failing requests with the same hint', async () => {
    const fake = createFakeMy().fail('request', 13);
    const client = createClient({ my: fake });
    const outcomes = Array.from({ length: 10 }, () => track(request(client)));
    await jest.advanceTimersByTimeAsync(60000);
    expect(outcomes.every((o) => o.status === 'rejected' && o.value.code === 13)).toBe(true);
    expect(fake.toasts).toEqual([TIMED_OUT]);
  });

  it('shows a different text even within 2 s', async () => {
    const fake = createFakeMy().fail('request', 13).fail('getLocation', 13);
    const client = createClient({ my: fake, retry: false });
    await failure(request(client), 0);
    await failure(client.api.getLocation({}), 0);
    await failure(request(client), 0);
    expect(fake.toasts).toEqual([TIMED_OUT, '定位失败，请稍后重试']);
  });

  it('shows the same text again once 2 s have passed, not before', async () => {
    const fake = createFakeMy().fail('request', 13);
    const client = createClient({ my: fake, retry: false });
    await failure(request(client), 0);
    expect(fake.toasts).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1990);
    await failure(request(client), 0);
    expect(fake.toasts).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(10);
    await failure(request(client), 0);
    expect(fake.toasts).toEqual([TIMED_OUT, TIMED_OUT]);
  });

  it('remembers shown texts per client: another client shows its own', async () => {
    const fake = createFakeMy().fail('request', 13);
    await failure(request(createClient({ my: fake, retry: false })), 0);
    await failure(request(createClient({ my: fake, retry: false })), 0);
    expect(fake.toasts).toEqual([TIMED_OUT, TIMED_OUT]);
  });

  it('does not count a suppressed toast as shown', async () => {
    const fake = createFakeMy().fail('request', 13);
    const client = createClient({ my: fake, retry: false });
    await failure(request(client, {}, { toast: false }), 0);
    await failure(request(client), 0);
    expect(fake.toasts).toEqual([TIMED_OUT]);
  });
});

describe('a failing showToast', () => {
  it('does not change the error when showToast throws', async () => {
    const fake = createFakeMy().fail('request', 14);
    const showToast = jest.fn(() => {
      throw new Error('no toast here');
    });
    fake.showToast = showToast;
    const error = await failure(request(createClient({ my: fake })));
    expect(showToast).toHaveBeenCalledTimes(1);
    expect(error).toMatchObject({ code: 14, kind: 'fatal', api: 'request' });
  });

  it('does not change the error when showToast calls fail', async () => {
    const fake = createFakeMy().fail('request', 14).fail('showToast', 3);
    const error = await failure(request(createClient({ my: fake })));
    expect(fake.count('showToast')).toBe(1);
    expect(error).toMatchObject({ code: 14, kind: 'fatal', api: 'request' });
  });

  it('does not change the error when showToast is missing', async () => {
    const host = { request: (o: any) => setTimeout(() => o.fail({ error: 14, errorMessage: 'x' }), 0) };
    const error = await failure(request(createClient({ my: host })));
    expect(error).toMatchObject({ code: 14, kind: 'fatal' });
  });

  it('leaves no unhandled rejection when showToast returns a rejected promise', async () => {
    jest.useRealTimers();
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const fake = createFakeMy().fail('request', 14);
      fake.showToast = () => Promise.reject(new Error('toast refused'));
      const error = await request(createClient({ my: fake })).catch((e) => e);
      expect(error).toMatchObject({ code: 14, kind: 'fatal' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('hints: locale and messages', () => {
  it("shows English hints with locale: 'en' (request 13)", async () => {
    const fake = createFakeMy().fail('request', 13);
    const error = await failure(request(createClient({ my: fake, locale: 'en' })));
    expect(error.hint).toBe('The network timed out. Please try again.');
    expect(fake.toasts).toEqual(['The network timed out. Please try again.']);
  });

  it("switches to English from the next call after configure({ locale: 'en' })", async () => {
    const fake = createFakeMy().fail('request', 14);
    const client = createClient({ my: fake, retry: false });
    await failure(request(client), 0);
    client.configure({ locale: 'en' });
    await failure(request(client), 0);
    expect(fake.toasts).toEqual([UNAVAILABLE, 'The service is unavailable. Please try again later.']);
  });

  it("shows the page's own text for 'api:code'", async () => {
    const fake = createFakeMy().fail('request', 13);
    const error = await failure(request(createClient({ my: fake, messages: { 'request:13': '请检查网络' } })));
    expect(error.hint).toBe('请检查网络');
    expect(fake.toasts).toEqual(['请检查网络']);
  });

  it("shows the page's own text for a bare 'code', for any API", async () => {
    const fake = createFakeMy().fail('getLocation', 13);
    await failure(createClient({ my: fake, messages: { '13': '请稍后再试' } }).api.getLocation({}));
    expect(fake.toasts).toEqual(['请稍后再试']);
  });

  it("prefers 'api:code' over 'code', and both over English hints", async () => {
    const fake = createFakeMy().fail('request', 13).fail('getLocation', 13);
    const client = createClient({
      my: fake,
      locale: 'en',
      retry: false,
      messages: { 'request:13': 'Check your network', '13': 'Try later' },
    });
    await failure(request(client), 0);
    await failure(client.api.getLocation({}), 0);
    expect(fake.toasts).toEqual(['Check your network', 'Try later']);
  });

  it('applies messages given for one call to that call', async () => {
    const fake = createFakeMy().fail('request', 13);
    const error = await failure(request(createClient({ my: fake }), {}, { messages: { 'request:13': '订单服务超时' } }));
    expect(error.hint).toBe('订单服务超时');
    expect(fake.toasts).toEqual(['订单服务超时']);
  });

  it("applies locale: 'en' given for one call to that call", async () => {
    const fake = createFakeMy().fail('request', 13);
    const error = await failure(request(createClient({ my: fake }), {}, { locale: 'en' }));
    expect(error.hint).toBe('The network timed out. Please try again.');
    expect(fake.toasts).toEqual(['The network timed out. Please try again.']);
  });
});
