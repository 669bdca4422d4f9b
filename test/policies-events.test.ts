// onEvent: every attempt, retry, give-up, follow-up, toast and success, in order, as frozen objects;
// a listener that throws never breaks the call it observes.
import { createClient, isMiniError, MiniError } from '../src/index';
import type { MiniEvent, Policy } from '../src/index';
import { createFakeMy } from '../src/testing/index';
import { paymentFollowUp } from '../src/policies/payment';
import { track, settle } from './helpers/outcome';

const URL = 'https://api.example.com/orders';

type Client = ReturnType<typeof createClient>;
const request = (client: Client, options: Record<string, unknown> = {}, policy?: Policy) =>
  client.call('request', { url: URL, ...options } as any, policy);

/** A listener collecting events. */
function listener() {
  const events: MiniEvent[] = [];
  return { events, onEvent: (event: MiniEvent) => void events.push(event) };
}

/** The events as [type, attempt], the shape most tests compare. */
const brief = (events: MiniEvent[]) => events.map((e) => [e.type, e.attempt]);

beforeEach(() => {
  jest.useFakeTimers();
  jest.spyOn(Math, 'random').mockReturnValue(0.5);
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('onEvent', () => {
  it('reports attempt(1), retry(delay), attempt(2), success for a GET that fails once', async () => {
    const fake = createFakeMy().fail('request', 13, { times: 1 });
    const { events, onEvent } = listener();
    const outcome = await settle(request(createClient({ my: fake, onEvent })));
    expect(outcome.status).toBe('resolved');
    expect(brief(events)).toEqual([
      ['attempt', 1],
      ['retry', 1],
      ['attempt', 2],
      ['success', 2],
    ]);
    expect(events.every((e) => e.api === 'request')).toBe(true);
    expect(events[1].delay).toBe(150);
    expect(isMiniError(events[1].error)).toBe(true);
    expect(events[1].error).toMatchObject({ code: 13, kind: 'retryable' });
  });

  it('reports three attempts on a GET timing out twice, then success with attempt 3', async () => {
    const fake = createFakeMy().fail('request', 13, { times: 2 });
    const { events, onEvent } = listener();
    await settle(request(createClient({ my: fake, onEvent })));
    expect(brief(events)).toEqual([
      ['attempt', 1],
      ['retry', 1],
      ['attempt', 2],
      ['retry', 2],
      ['attempt', 3],
      ['success', 3],
    ]);
    expect(fake.count('request')).toBe(3);
  });

  it('reports the toast and the give-up, with the final error, when every attempt fails', async () => {
    const fake = createFakeMy().fail('request', 13);
    const { events, onEvent } = listener();
    const outcome = await settle(request(createClient({ my: fake, onEvent })));
    expect(brief(events)).toEqual([
      ['attempt', 1],
      ['retry', 1],
      ['attempt', 2],
      ['retry', 2],
      ['attempt', 3],
      ['toast', 3],
      ['giveup', 3],
    ]);
    expect(events[5].text).toBe('网络超时，请稍后重试');
    expect(events[6].error).toBe(outcome.value);
    expect((events[6].error as MiniError).attempts).toBe(3);
  });

  it('reports a single attempt and a give-up for a POST that is not retried', async () => {
    const fake = createFakeMy().fail('request', 13);
    const { events, onEvent } = listener();
    await settle(request(createClient({ my: fake, onEvent, toast: false }), { method: 'POST' }));
    expect(brief(events)).toEqual([
      ['attempt', 1],
      ['giveup', 1],
    ]);
  });

  it('reports no toast event for a cancel', async () => {
    const fake = createFakeMy().fail('chooseImage', 11);
    const { events, onEvent } = listener();
    await settle(createClient({ my: fake, onEvent }).api.chooseImage({}));
    expect(brief(events)).toEqual([
      ['attempt', 1],
      ['giveup', 1],
    ]);
  });

  it('reports a suppressed duplicate toast only once', async () => {
    const fake = createFakeMy().fail('request', 14);
    const { events, onEvent } = listener();
    const client = createClient({ my: fake, onEvent });
    await settle(Promise.all([request(client), request(client)]).catch(() => undefined));
    expect(events.filter((e) => e.type === 'toast')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'giveup')).toHaveLength(2);
  });

  it('hands the listener frozen events', async () => {
    const fake = createFakeMy().fail('request', 13, { times: 1 });
    const { events, onEvent } = listener();
    await settle(request(createClient({ my: fake, onEvent })));
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(Object.isFrozen(event)).toBe(true);
    expect(() => {
      (events[0] as { attempt: number }).attempt = 99;
    }).toThrow(TypeError);
  });

  it('takes a per-call listener over the client one', async () => {
    const fake = createFakeMy();
    const client = listener();
    const call = listener();
    await settle(request(createClient({ my: fake, onEvent: client.onEvent }), {}, { onEvent: call.onEvent }));
    expect(brief(call.events)).toEqual([
      ['attempt', 1],
      ['success', 1],
    ]);
    expect(client.events).toHaveLength(0);
  });

  it('reports an abort during backoff as a give-up with ABORTED', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.9999);
    const fake = createFakeMy().fail('request', 13);
    const { events, onEvent } = listener();
    const controller = new AbortController();
    const outcome = track(request(createClient({ my: fake, onEvent }), {}, { signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(100);
    controller.abort();
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome.status).toBe('rejected');
    expect(brief(events)).toEqual([
      ['attempt', 1],
      ['retry', 1],
      ['giveup', 1],
    ]);
    expect(events[2].error).toMatchObject({ code: 'ABORTED', kind: 'cancel' });
  });
});

describe('a throwing listener', () => {
  const throwing = () => {
    throw new Error('analytics is down');
  };

  it('does not break a call that succeeds after a retry', async () => {
    const fake = createFakeMy().fail('request', 13, { times: 1 }).respond('request', { data: 'ok', status: 200, headers: {} });
    const outcome = await settle(request(createClient({ my: fake, onEvent: throwing })));
    expect(outcome).toEqual({ status: 'resolved', value: { data: 'ok', status: 200, headers: {} } });
    expect(fake.count('request')).toBe(2);
  });

  it('does not change the error of a failing call, nor stop its retries or toast', async () => {
    const fake = createFakeMy().fail('request', 13);
    const outcome = await settle(request(createClient({ my: fake, onEvent: throwing })));
    expect(outcome.status).toBe('rejected');
    expect(outcome.value).toMatchObject({ code: 13, kind: 'retryable', attempts: 3 });
    expect(fake.count('request')).toBe(3);
    expect(fake.toasts).toEqual(['网络超时，请稍后重试']);
  });

  it('does not break a payment follow-up', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const query = jest.fn().mockReturnValueOnce('WAIT_BUYER_PAY').mockReturnValue('TRADE_SUCCESS');
    const outcome = await settle(
      createClient({ my: fake, onEvent: throwing, steps: [paymentFollowUp], trade: { query } }).call('tradePay', { tradeNO: 'T1' } as any),
    );
    expect(outcome.value).toMatchObject({ tradeStatus: 'TRADE_SUCCESS', confirmedBy: 'query' });
    expect(fake.count('tradePay')).toBe(1);
  });
});
