// The payment follow-up: tradePay's "may have paid" answers (8000, 6004) and paySignCenter's 7001
// settled by asking the merchant's server, never by paying again. tradePay is invoked exactly once
// in every case. Timers are fake, so maxWait deadlines are exact.
import { createClient, isMiniError } from '../src/index';
import type { MiniEvent, Policy, TradeOptions } from '../src/index';
import { createFakeMy, type FakeMy } from '../src/testing/index';
import { paymentFollowUp } from '../src/policies/payment';
import { track, settle as settleWithin, failure as failureWithin } from './helpers/outcome';
// Payments wait up to maxWait (30 s by default) and more: give them 120 s of fake time.
const settle = (promise: Promise<unknown>, ms = 120000) => settleWithin(promise, ms);
const failure = (promise: Promise<unknown>, ms = 120000) => failureWithin(promise, ms);

const ORDER = { tradeNO: '2024050122001400000000000001', orderStr: 'app_id=2021&biz_content=%7B%7D' };

/** A client over `fake` with toasts off; `trade` configured when given. */
const clientOver = (fake: FakeMy, config: object = {}) => createClient({ my: fake, toast: false, steps: [paymentFollowUp], ...config });

type Client = ReturnType<typeof createClient>;
const pay = (client: Client, policy?: Policy) => client.call('tradePay', { ...ORDER } as any, policy);
const sign = (client: Client, policy?: Policy) => client.call('paySignCenter', { signStr: 'sign=abc' } as any, policy);

/** A trade query answering `statuses` in turn (the last one repeats), recording when it was asked. */
function queryAnswering(...statuses: unknown[]) {
  const start = Date.now();
  const at: number[] = [];
  const query = jest.fn((_info: unknown) => {
    at.push(Date.now() - start);
    return statuses[Math.min(at.length - 1, statuses.length - 1)];
  });
  return { query: query as unknown as TradeOptions['query'] & jest.Mock, at };
}

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe("tradePay's own answer", () => {
  it('resolves 9000 with the payload and asks no query', async () => {
    const fake = createFakeMy().respond('tradePay', { resultCode: '9000', result: '{"alipay_trade_app_pay_response":{}}' });
    const { query } = queryAnswering('TRADE_SUCCESS');
    const outcome = await settle(pay(clientOver(fake, { trade: { query } })), 0);
    expect(outcome).toEqual({ status: 'resolved', value: { resultCode: '9000', result: '{"alipay_trade_app_pay_response":{}}' } });
    expect(query).not.toHaveBeenCalled();
    expect(fake.count('tradePay')).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it.each([[6001], [99]])('rejects %s as a cancel, without a query', async (code) => {
    const fake = createFakeMy().fail('tradePay', code);
    const { query } = queryAnswering('TRADE_SUCCESS');
    const error = await failure(pay(clientOver(fake, { trade: { query } })));
    expect(error).toMatchObject({ code, kind: 'cancel', api: 'tradePay', attempts: 1 });
    expect(query).not.toHaveBeenCalled();
    expect(fake.count('tradePay')).toBe(1);
  });

  it('rejects 4000 as fatal, without a query', async () => {
    const fake = createFakeMy().fail('tradePay', 4000);
    const { query } = queryAnswering('TRADE_SUCCESS');
    const error = await failure(pay(clientOver(fake, { trade: { query } })));
    expect(error).toMatchObject({ code: 4000, kind: 'fatal', attempts: 1 });
    expect(query).not.toHaveBeenCalled();
    expect(fake.count('tradePay')).toBe(1);
  });

  it('rejects 6002 (network error) as retryable after one invocation, even marked idempotent', async () => {
    const fake = createFakeMy().fail('tradePay', 6002);
    const client = clientOver(fake, { retry: { attempts: 5, baseDelay: 0 } });
    const error = await failure(pay(client, { idempotent: true }));
    expect(error).toMatchObject({ code: 6002, kind: 'retryable', attempts: 1 });
    expect(fake.count('tradePay')).toBe(1);
  });

  it.each([[8000], [6004]])('rejects %s as pending at once when no trade.query is configured', async (code) => {
    const fake = createFakeMy().fail('tradePay', code);
    const outcome = await settle(pay(clientOver(fake)), 0);
    expect(outcome.status).toBe('rejected');
    expect(outcome.value).toMatchObject({ code, kind: 'pending', attempts: 1 });
    expect(fake.count('tradePay')).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('treats an answer without a resultCode as 6004 (unknown outcome), not as paid', async () => {
    const fake = createFakeMy().respond('tradePay', {});
    const error = await failure(pay(clientOver(fake)), 0);
    expect(error).toMatchObject({ code: 6004, kind: 'pending' });
    expect(fake.count('tradePay')).toBe(1);
  });

  it.each([[9000], [6001], [99], [4000], [6002], [8000], [6004]])(
    'invokes tradePay exactly once for %s, whatever the retry and idempotent settings',
    async (code) => {
      const fake = createFakeMy().fail('tradePay', code);
      const { query } = queryAnswering('TRADE_SUCCESS');
      const client = clientOver(fake, { retry: { attempts: 10, baseDelay: 0 }, trade: { query, maxWait: 5000 } });
      await settle(pay(client, { idempotent: true }));
      expect(fake.count('tradePay')).toBe(1);
    },
  );
});

describe('settling 8000 and 6004 by trade.query', () => {
  it('resolves 8000 when the query answers WAIT_BUYER_PAY then TRADE_SUCCESS', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const { query, at } = queryAnswering('WAIT_BUYER_PAY', 'TRADE_SUCCESS');
    const outcome = await settle(pay(clientOver(fake, { trade: { query } })));
    expect(outcome.status).toBe('resolved');
    expect(outcome.value).toMatchObject({ resultCode: '8000', tradeStatus: 'TRADE_SUCCESS', confirmedBy: 'query' });
    expect(query).toHaveBeenCalledTimes(2);
    expect(at).toEqual([1000, 2500]);
    expect(fake.count('tradePay')).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('resolves on TRADE_FINISHED too', async () => {
    const fake = createFakeMy().fail('tradePay', 6004);
    const { query } = queryAnswering('TRADE_FINISHED');
    const outcome = await settle(pay(clientOver(fake, { trade: { query } })));
    expect(outcome.value).toMatchObject({ resultCode: '6004', tradeStatus: 'TRADE_FINISHED', confirmedBy: 'query' });
    expect(fake.count('tradePay')).toBe(1);
  });

  it('rejects 6004 as fatal when the query answers TRADE_CLOSED', async () => {
    const fake = createFakeMy().fail('tradePay', 6004);
    const { query } = queryAnswering('WAIT_BUYER_PAY', 'TRADE_CLOSED');
    const error = await failure(pay(clientOver(fake, { trade: { query } })));
    expect(error).toMatchObject({ kind: 'fatal', api: 'tradePay', tradeStatus: 'TRADE_CLOSED', attempts: 1 });
    expect(query).toHaveBeenCalledTimes(2);
    expect(fake.count('tradePay')).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('accepts { tradeStatus } answers and promises of them', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const { query } = queryAnswering(Promise.resolve({ tradeStatus: 'WAIT_BUYER_PAY' }), { tradeStatus: 'TRADE_SUCCESS' });
    const outcome = await settle(pay(clientOver(fake, { trade: { query } })));
    expect(outcome.value).toMatchObject({ tradeStatus: 'TRADE_SUCCESS', confirmedBy: 'query' });
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('gives the query the tradeNO and orderStr of the call, and the resultCode', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const { query } = queryAnswering('TRADE_SUCCESS');
    await settle(pay(clientOver(fake, { trade: { query } })));
    expect(query).toHaveBeenCalledWith({ tradeNO: ORDER.tradeNO, orderStr: ORDER.orderStr, resultCode: '8000' });
  });

  it('tells the query 6004 when tradePay answered without a resultCode', async () => {
    const fake = createFakeMy().respond('tradePay', {});
    const { query } = queryAnswering('TRADE_SUCCESS');
    await settle(pay(clientOver(fake, { trade: { query } })));
    expect(query).toHaveBeenCalledTimes(1);
    expect(query.mock.calls[0][0]).toMatchObject({ resultCode: '6004' });
  });

  it('polls first at interval, then each wait 1.5× longer, never more than 5 s apart, until maxWait', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const { query, at } = queryAnswering('WAIT_BUYER_PAY');
    await failure(pay(clientOver(fake, { trade: { query } })));
    expect(at.slice(0, 5)).toEqual([1000, 2500, 4750, 8125, 13125]);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    expect(Math.max(...gaps)).toBe(5000);
    expect(at[at.length - 1]).toBeLessThanOrEqual(30000);
    expect(fake.count('tradePay')).toBe(1);
  });

  it('starts polling at a configured interval', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const { query, at } = queryAnswering('WAIT_BUYER_PAY', 'WAIT_BUYER_PAY', 'TRADE_SUCCESS');
    const outcome = await settle(pay(clientOver(fake, { trade: { query, interval: 200 } })));
    expect(outcome.status).toBe('resolved');
    expect(at).toEqual([200, 500, 950]);
  });

  it('rejects pending with the last status at maxWait while the trade stays WAIT_BUYER_PAY', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const { query } = queryAnswering('WAIT_BUYER_PAY');
    const outcome = track(pay(clientOver(fake, { trade: { query, maxWait: 10000 } })));
    await jest.advanceTimersByTimeAsync(9990);
    expect(outcome.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(20);
    expect(outcome.status).toBe('rejected');
    expect(outcome.value).toMatchObject({ code: 8000, kind: 'pending', tradeStatus: 'WAIT_BUYER_PAY', attempts: 1 });
    expect(fake.count('tradePay')).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects pending at maxWait when the query keeps failing', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const query = jest.fn(() => Promise.reject(new Error('502 from the merchant server')));
    const outcome = track(pay(clientOver(fake, { trade: { query, maxWait: 8000 } })));
    await jest.advanceTimersByTimeAsync(7990);
    expect(outcome.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(20);
    expect(outcome.status).toBe('rejected');
    expect(outcome.value).toMatchObject({ code: 8000, kind: 'pending' });
    expect(outcome.value.tradeStatus).toBeUndefined();
    expect(query.mock.calls.length).toBeGreaterThan(1);
    expect(fake.count('tradePay')).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it.each<[string, () => unknown]>([
    [
      'throws',
      () => {
        throw new Error('boom');
      },
    ],
    ['rejects', () => Promise.reject(new Error('boom'))],
    ['returns a number', () => 42],
    ['returns null', () => null],
    ['returns an empty object', () => ({})],
    ['returns a non-string tradeStatus', () => ({ tradeStatus: 5 })],
    ['never settles', () => new Promise(() => undefined)],
  ])('ends by maxWait when the query %s', async (_what, body) => {
    const fake = createFakeMy().fail('tradePay', 6004);
    const outcome = track(pay(clientOver(fake, { trade: { query: body as TradeOptions['query'], maxWait: 5000 } })));
    await jest.advanceTimersByTimeAsync(4990);
    expect(outcome.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(20);
    expect(outcome.status).toBe('rejected');
    expect(outcome.value).toMatchObject({ code: 6004, kind: 'pending' });
    expect(fake.count('tradePay')).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps the last status seen when later queries fail', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    let asked = 0;
    const query = jest.fn(() => {
      if (++asked === 1) return 'WAIT_BUYER_PAY' as const;
      throw new Error('timeout talking to the server');
    });
    const error = await failure(pay(clientOver(fake, { trade: { query, maxWait: 6000 } })));
    expect(error).toMatchObject({ kind: 'pending', tradeStatus: 'WAIT_BUYER_PAY' });
    expect(query.mock.calls.length).toBeGreaterThan(1);
  });

  it('lets a slow query answer within maxWait', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const query = jest.fn(() => new Promise<'TRADE_SUCCESS'>((resolve) => setTimeout(() => resolve('TRADE_SUCCESS'), 3000)));
    const outcome = await settle(pay(clientOver(fake, { trade: { query, maxWait: 10000 } })));
    expect(outcome.value).toMatchObject({ tradeStatus: 'TRADE_SUCCESS', confirmedBy: 'query' });
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('can take its trade options per call', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const { query } = queryAnswering('TRADE_SUCCESS');
    const outcome = await settle(pay(clientOver(fake), { trade: { query } }));
    expect(outcome.value).toMatchObject({ confirmedBy: 'query' });
  });
});

describe('trade.verify', () => {
  it('confirms a 9000 by query before resolving', async () => {
    const fake = createFakeMy();
    const { query } = queryAnswering('WAIT_BUYER_PAY', 'TRADE_SUCCESS');
    const outcome = track(pay(clientOver(fake, { trade: { query, verify: true } })));
    await jest.advanceTimersByTimeAsync(1500);
    expect(outcome.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(1000);
    expect(outcome.status).toBe('resolved');
    expect(outcome.value).toEqual({ resultCode: '9000', tradeStatus: 'TRADE_SUCCESS', confirmedBy: 'query' });
    expect(query).toHaveBeenCalledWith({ tradeNO: ORDER.tradeNO, orderStr: ORDER.orderStr, resultCode: '9000' });
    expect(fake.count('tradePay')).toBe(1);
  });

  it('rejects pending when a 9000 cannot be confirmed by maxWait', async () => {
    const fake = createFakeMy();
    const { query } = queryAnswering('WAIT_BUYER_PAY');
    const outcome = track(pay(clientOver(fake, { trade: { query, verify: true, maxWait: 4000 } })));
    await jest.advanceTimersByTimeAsync(3990);
    expect(outcome.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(20);
    expect(outcome.value).toMatchObject({ kind: 'pending', tradeStatus: 'WAIT_BUYER_PAY', attempts: 1 });
    expect(isMiniError(outcome.value)).toBe(true);
    expect(fake.count('tradePay')).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects fatal when the trade of a 9000 is closed', async () => {
    const fake = createFakeMy();
    const { query } = queryAnswering('TRADE_CLOSED');
    const error = await failure(pay(clientOver(fake, { trade: { query, verify: true } })));
    expect(error).toMatchObject({ code: 9000, kind: 'fatal', tradeStatus: 'TRADE_CLOSED' });
    expect(fake.count('tradePay')).toBe(1);
  });

  it('takes a query answering null or a number as no answer, and keeps asking', async () => {
    const fake = createFakeMy();
    const answers: unknown[] = [null, 42, { tradeStatus: 'TRADE_SUCCESS' }];
    const query = jest.fn(() => answers.shift());
    const outcome = await settle(pay(clientOver(fake, { trade: { query: query as any, verify: true } })));
    expect(outcome.value).toEqual({ resultCode: '9000', tradeStatus: 'TRADE_SUCCESS', confirmedBy: 'query' });
    expect(query).toHaveBeenCalledTimes(3);
  });

  it('can be turned on for one call, keeping the configured query', async () => {
    const fake = createFakeMy();
    const { query } = queryAnswering('TRADE_SUCCESS');
    const client = clientOver(fake, { trade: { query } });
    const plain = await settle(pay(client));
    expect(plain.value).toEqual({ resultCode: '9000' });
    expect(query).not.toHaveBeenCalled();
    const verified = await settle(pay(client, { trade: { verify: true } as TradeOptions }));
    expect(verified.value).toMatchObject({ confirmedBy: 'query' });
    expect(query).toHaveBeenCalledTimes(1);
    expect(fake.count('tradePay')).toBe(2);
  });
});

describe('paySignCenter 7001 and sign.query', () => {
  it('resolves with confirmedBy query once the query answers true', async () => {
    const fake = createFakeMy().fail('paySignCenter', 7001);
    const query = jest.fn().mockReturnValueOnce(false).mockReturnValue(true);
    const outcome = await settle(sign(clientOver(fake, { sign: { query } })));
    expect(outcome.status).toBe('resolved');
    expect(outcome.value).toMatchObject({ resultStatus: '7001', confirmedBy: 'query' });
    expect(query).toHaveBeenCalledTimes(2);
    expect(query.mock.calls[0][0]).toMatchObject({ resultStatus: '7001' });
    expect(fake.count('paySignCenter')).toBe(1);
  });

  it('rejects pending when the query answers false until maxWait', async () => {
    const fake = createFakeMy().fail('paySignCenter', 7001);
    const query = jest.fn(() => false);
    const outcome = track(sign(clientOver(fake, { sign: { query, maxWait: 6000 } })));
    await jest.advanceTimersByTimeAsync(5990);
    expect(outcome.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(20);
    expect(outcome.value).toMatchObject({ code: 7001, kind: 'pending', api: 'paySignCenter' });
    expect(query.mock.calls.length).toBeGreaterThan(1);
    expect(fake.count('paySignCenter')).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects 7001 pending at once without sign.query', async () => {
    const fake = createFakeMy().fail('paySignCenter', 7001);
    const outcome = await settle(sign(clientOver(fake)), 0);
    expect(outcome.value).toMatchObject({ code: 7001, kind: 'pending' });
  });

  it('resolves 7000 without asking', async () => {
    const fake = createFakeMy();
    const query = jest.fn(() => true);
    const outcome = await settle(sign(clientOver(fake, { sign: { query } })), 0);
    expect(outcome.value).toEqual({ resultStatus: '7000', result: '{}' });
    expect(query).not.toHaveBeenCalled();
  });
});

describe('the follow-up and the other policies', () => {
  it('rejects ABORTED at once when the signal aborts between polls, and asks no more', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const { query } = queryAnswering('WAIT_BUYER_PAY');
    const controller = new AbortController();
    const outcome = track(pay(clientOver(fake, { trade: { query } }), { signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(1500);
    expect(query).toHaveBeenCalledTimes(1);
    controller.abort();
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome.status).toBe('rejected');
    expect(outcome.value).toMatchObject({ code: 'ABORTED', kind: 'cancel', api: 'tradePay' });
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(60000);
    expect(query).toHaveBeenCalledTimes(1);
    expect(fake.count('tradePay')).toBe(1);
  });

  it('rejects ABORTED at once when the signal aborts while a query is outstanding', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const query = jest.fn(() => new Promise<never>(() => undefined));
    const controller = new AbortController();
    const outcome = track(pay(clientOver(fake, { trade: { query } }), { signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(1500);
    expect(query).toHaveBeenCalledTimes(1);
    controller.abort();
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome.status).toBe('rejected');
    expect(outcome.value).toMatchObject({ code: 'ABORTED', kind: 'cancel' });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('shows policy.loading while polling, not over the cashier, and hides it when the payment is confirmed', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const { query } = queryAnswering('WAIT_BUYER_PAY', 'WAIT_BUYER_PAY', 'TRADE_SUCCESS');
    const outcome = track(pay(clientOver(fake, { trade: { query } }), { loading: '正在确认支付结果' }));
    await jest.advanceTimersByTimeAsync(3000);
    expect(query).toHaveBeenCalledTimes(2);
    expect(fake.loading).toBe(true);
    await jest.advanceTimersByTimeAsync(60000);
    expect(outcome.status).toBe('resolved');
    expect(fake.loading).toBe(false);
    expect(fake.calls.map((c) => c.api)).toEqual(['tradePay', 'showLoading', 'hideLoading']);
    expect(fake.calls[1].options.content).toBe('正在确认支付结果');
  });

  it('shows no loading for a payment answered at once, and hides it before the toast when polling ends pending', async () => {
    const paid = createFakeMy();
    const answered = track(pay(createClient({ my: paid, steps: [paymentFollowUp], trade: { query: queryAnswering('TRADE_SUCCESS').query } }), { loading: true }));
    await jest.advanceTimersByTimeAsync(0);
    expect(answered.status).toBe('resolved');
    expect(paid.calls.map((c) => c.api)).toEqual(['tradePay']);

    const fake = createFakeMy().fail('tradePay', 8000);
    const { query } = queryAnswering('WAIT_BUYER_PAY');
    const client = createClient({ my: fake, steps: [paymentFollowUp], trade: { query, maxWait: 3000 } });
    const outcome = track(pay(client, { loading: true }));
    await jest.advanceTimersByTimeAsync(2000);
    expect(fake.count('showToast')).toBe(0);
    await jest.advanceTimersByTimeAsync(2000);
    expect(outcome.value).toMatchObject({ kind: 'pending' });
    expect(fake.calls.map((c) => c.api)).toEqual(['tradePay', 'showLoading', 'hideLoading', 'showToast']);
    expect(fake.toasts).toEqual(['支付结果确认中，请稍候']);
  });

  it('shows no toast when the follow-up confirms the payment', async () => {
    const fake = createFakeMy().fail('tradePay', 6004);
    const { query } = queryAnswering('TRADE_SUCCESS');
    const outcome = await settle(pay(createClient({ my: fake, steps: [paymentFollowUp], trade: { query } })));
    expect(outcome.status).toBe('resolved');
    expect(fake.count('showToast')).toBe(0);
  });

  it('toasts a failure hint when the trade turns out closed', async () => {
    const fake = createFakeMy().fail('tradePay', 6004);
    const { query } = queryAnswering('TRADE_CLOSED');
    await failure(pay(createClient({ my: fake, steps: [paymentFollowUp], trade: { query } })));
    expect(fake.toasts).toHaveLength(1);
    expect(fake.toasts[0]).not.toBe('支付结果确认中，请稍候');
  });

  it('reports each answer as a followup event carrying the status', async () => {
    const fake = createFakeMy().fail('tradePay', 8000);
    const { query } = queryAnswering('WAIT_BUYER_PAY', 'TRADE_SUCCESS');
    const events: MiniEvent[] = [];
    await settle(pay(clientOver(fake, { trade: { query }, onEvent: (e: MiniEvent) => events.push(e) })));
    expect(events.map((e) => [e.type, e.attempt, e.tradeStatus])).toEqual([
      ['attempt', 1, undefined],
      ['followup', 1, 'WAIT_BUYER_PAY'],
      ['followup', 1, 'TRADE_SUCCESS'],
      ['success', 1, undefined],
    ]);
  });
});
