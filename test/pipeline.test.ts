// The public pipeline: steps a page adds, in the documented order around minicall's own.
import { createClient, isMiniError, type Config, type MiniEvent, type Step, type StepContext } from '../src/index';
import { paymentFollowUp } from '../src/policies/payment';
import { createFakeMy } from '../src/testing/index';

/** A step that logs when it is entered and what came back through it. */
const tracer =
  (name: string, log: string[]): Step =>
  (ctx, next) => {
    log.push(`${name} in (${ctx.invocations})`);
    return next().then(
      (value) => (log.push(`${name} ok`), value),
      (error) => {
        log.push(`${name} ${error.code}`);
        throw error;
      },
    );
  };

describe('steps of your own', () => {
  it('run in the order listed, inside toast and loading, outside retry, and see outcomes after retries', async () => {
    const log: string[] = [];
    const fake = createFakeMy().fail('request', 13, { times: 2 });
    const client = createClient({ my: fake, retry: { baseDelay: 0 }, loading: true, steps: [tracer('a', log), tracer('b', log)] });
    await client.api.request({ url: 'u' });
    // Both steps are entered once: the two timeouts were retried inside them.
    expect(log).toEqual(['a in (0)', 'b in (0)', 'b ok', 'a ok']);
    expect(fake.count('request')).toBe(3);
    // The loading indicator was shown before the first step and hidden after the last.
    expect(fake.calls.map((c) => c.api)).toEqual(['showLoading', 'request', 'request', 'request', 'hideLoading']);
  });

  it('replay with next(): the replay is retried like the first try, with the options a step put in ctx.options', async () => {
    const fake = createFakeMy()
      .fail('request', 13, { times: 1 })
      .respond('request', (options: { data?: string }) =>
        options.data === 'second' ? { status: 200, data: 'ok', headers: {} } : { status: 409, data: '', headers: {} },
      );
    const seen: StepContext[] = [];
    const caller = { url: 'u', data: 'first' };
    const replayOnce: Step = (ctx, next) =>
      next().catch(() => {
        seen.push(Object.assign({}, ctx));
        ctx.options = Object.assign({}, ctx.options, { data: 'second' });
        return next();
      });
    const client = createClient({ my: fake, retry: { baseDelay: 0 }, steps: [replayOnce] });
    await expect(client.api.request(caller)).resolves.toMatchObject({ data: 'ok' });
    // First try: a timeout retried, then a 409. The replay: one invocation.
    expect(fake.calls.map((c) => c.options.data)).toEqual(['first', 'first', 'second']);
    expect(seen[0].invocations).toBe(2);
    expect(caller.data).toBe('first');
  });

  it('a step that throws or rejects with anything fails the call with a MiniError, toasted once', async () => {
    for (const step of [
      (() => {
        throw new Error('boom');
      }) as unknown as Step,
      (() => Promise.reject('a string')) as Step,
    ]) {
      const fake = createFakeMy();
      const seen: unknown[] = [];
      const outer: Step = (ctx, next) => next().catch((error) => (seen.push(error), Promise.reject(error)));
      const client = createClient({ my: fake, steps: [outer, step] });
      const error = await client.api.request({ url: 'u' }).catch((e) => e);
      expect(isMiniError(error)).toBe(true);
      expect(error.api).toBe('request');
      expect(seen[0]).toBe(error);
      expect(fake.count('request')).toBe(0);
      expect(fake.toasts).toHaveLength(1);
    }
  });

  it('a per-call list replaces the client’s, and synchronous functions pass no step', async () => {
    const log: string[] = [];
    const fake = createFakeMy();
    fake.getStorageSync = () => ({ data: 'cart' });
    const client = createClient({ my: fake, steps: [tracer('client', log)] });
    await client.api.getStorage({ key: 'k' }, { steps: [tracer('call', log)] });
    await client.api.getStorage({ key: 'k' }, { steps: [] });
    expect(client.api.getStorageSync({ key: 'k' })).toEqual({ data: 'cart' });
    expect(log).toEqual(['call in (0)', 'call ok']);
  });

  it('attempt events count invocations; success and giveup come after the steps', async () => {
    const events: string[] = [];
    const fake = createFakeMy().fail('request', 13, { times: 1 });
    const replay: Step = (ctx, next) => next().then(() => next());
    const onEvent = (e: MiniEvent) => events.push(`${e.type}:${e.attempt}`);
    await createClient({ my: fake, retry: { baseDelay: 0 }, onEvent, steps: [replay] }).api.request({ url: 'u' });
    expect(events).toEqual(['attempt:1', 'retry:1', 'attempt:2', 'attempt:3', 'success:3']);
  });
});

describe('what the pipeline refuses', () => {
  it('`trade` or `sign` without the payment follow-up step, naming the import', () => {
    const configs: Config[] = [
      { trade: { query: () => Promise.resolve('TRADE_SUCCESS') } },
      { sign: { query: () => Promise.resolve(true) } },
    ];
    for (const config of configs) {
      expect(() => createClient(config)).toThrow(
        /needs the payment follow-up step: import \{ paymentFollowUp \} from 'minicall\/payment' and add it to `steps`/,
      );
      expect(() => createClient(Object.assign({ steps: [paymentFollowUp] }, config))).not.toThrow();
    }
  });

  it('a per-call `steps` without the follow-up, while the client has `trade`, as a rejected call', async () => {
    const client = createClient({ my: createFakeMy(), steps: [paymentFollowUp], trade: { query: () => Promise.resolve('TRADE_SUCCESS') } });
    await expect(client.call('tradePay', { tradeNO: '1' }, { steps: [] })).rejects.toThrow(/needs the payment follow-up step/);
  });

  it('`steps` that are not an array of functions', () => {
    const revoked = Proxy.revocable([], {});
    revoked.revoke();
    for (const steps of ['paymentFollowUp', [1], { 0: paymentFollowUp, length: 1 }, null, revoked.proxy])
      expect(() => createClient({ steps } as never)).toThrow(
        'minicall: expected `steps` to be an array of steps (functions), as `[paymentFollowUp]`.',
      );
  });
});
