// minicall/payment: the payment follow-up, a step a paying page adds to its client:
//
//   import { paymentFollowUp } from 'minicall/payment';
//   configure({ steps: [paymentFollowUp], trade: { query: ({ tradeNO }) => askServer(tradeNO) } });
//
// A page that never pays never carries it.
import { errorFor, unreadable } from '../errors/error-for.js';
import { isMiniError, type MiniError } from '../errors/mini-error.js';
import type { CallContext, Step } from '../pipeline.js';
import type { SignOptions, TradeOptions } from '../policy.js';
import { onAbort } from '../signal.js';
import { later, noop, own } from '../util.js';
import { withLoading } from './loading.js';
import { wait } from './wait.js';

/** Polls wait at least this long between two queries (after the first), and at most 5 s. */
export const MIN_POLL_INTERVAL = 100;
export const MAX_POLL_INTERVAL = 5000;

type Verdict = 'done' | 'closed' | 'waiting';

/** How each payment API's answer is settled by asking the merchant's server. */
const FOLLOW_UPS: Record<string, { option: 'trade' | 'sign'; read(answer: unknown): [Verdict, string | undefined] }> = {
  // alipay.trade.query: only TRADE_SUCCESS and TRADE_FINISHED mean paid; TRADE_CLOSED never will be.
  tradePay: {
    option: 'trade',
    read(answer) {
      // A status string, or an object carrying one; anything else (null, a number) is no answer.
      const status = typeof answer === 'string' ? answer : answer ? (answer as { tradeStatus?: unknown }).tradeStatus : undefined;
      const verdict = status === 'TRADE_SUCCESS' || status === 'TRADE_FINISHED' ? 'done' : status === 'TRADE_CLOSED' ? 'closed' : 'waiting';
      return [verdict, typeof status === 'string' ? status : undefined];
    },
  },
  // The merchant's agreement query: true once signed.
  paySignCenter: { option: 'sign', read: (answer) => [answer === true ? 'done' : 'waiting', undefined] },
};

/** `query()` within `ms` and the call's signal: a query that throws, rejects or never settles is no answer. */
function ask(ctx: CallContext, query: () => unknown, ms: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let stop = noop;
    const finish = (value?: unknown) => {
      clearTimeout(timer);
      stop();
      resolve(value);
    };
    const timer = later(finish, ms);
    try {
      stop = onAbort(ctx.policy.signal, () => {
        clearTimeout(timer);
        stop();
        reject(errorFor(ctx, 'ABORTED'));
      });
    } catch (thrown) {
      clearTimeout(timer);
      return reject(unreadable(ctx, thrown));
    }
    new Promise((answer) => answer(query())).then(finish, () => finish());
  });
}

// Written as a promise chain, not an async function: the ES5 build would otherwise carry a generator runtime.
function settle(ctx: CallContext, follow: TradeOptions | SignOptions, payload: unknown, original?: MiniError): Promise<unknown> {
  const rule: (typeof FOLLOW_UPS)[string] = own(FOLLOW_UPS, ctx.api);
  const options = (ctx.options || {}) as { tradeNO?: string; orderStr?: string };
  // The code as minicall read it (a tradePay answer without a resultCode was taken as 6004); only
  // `trade.verify` settles a success, whose code is tradePay's 9000.
  const code = original ? original.code : ((payload || {}) as { resultCode?: unknown }).resultCode;
  const info =
    rule.option === 'trade'
      ? { tradeNO: options.tradeNO, orderStr: options.orderStr, resultCode: String(code) }
      : { resultStatus: String(code), options: ctx.options };
  const maxWait = follow.maxWait === undefined ? 30000 : follow.maxWait;
  const deadline = Date.now() + maxWait;
  let interval = follow.interval === undefined ? 1000 : follow.interval;
  let status: string | undefined;
  const fail = (kind: 'fatal' | 'pending', detail: string) => {
    const error = kind === 'pending' && original ? original : errorFor(ctx, code, payload, detail, kind);
    if (status) error.tradeStatus = status;
    return error;
  };
  // One poll: wait, ask, and either settle or poll again with the time that is left.
  const poll = (left: number): Promise<unknown> => {
    if (left <= 0) return Promise.reject(fail('pending', `not confirmed within ${maxWait} ms${status ? `; last status ${status}` : ''}`));
    return wait(ctx, Math.min(interval, left))
      .then(() => {
        interval = Math.min(MAX_POLL_INTERVAL, Math.max(MIN_POLL_INTERVAL, interval * 1.5));
        return ask(ctx, () => follow.query(info as never), Math.max(1, deadline - Date.now()));
      })
      .then((answer) => {
        let verdict: Verdict = 'waiting';
        let seen: string | undefined;
        try {
          [verdict, seen] = rule.read(answer);
        } catch (unreadable) {
          // An answer that throws when read (a getter, a revoked Proxy) is no answer.
        }
        if (seen) status = seen;
        ctx.emit('followup', { tradeStatus: seen });
        if (verdict === 'done') {
          try {
            return Object.assign({}, payload, status && { tradeStatus: status }, { confirmedBy: 'query' });
          } catch (unreadable) {
            throw errorFor(ctx, 'UNKNOWN', payload, 'the host answered with a value that could not be read');
          }
        }
        if (verdict === 'closed') throw fail('fatal', `the trade query answered ${status}`);
        return poll(deadline - Date.now());
      });
  };
  return poll(maxWait);
}

/**
 * Settling, under the call's loading indicator if it asked for one: the payment sheet itself, which
 * waits on the user, shows none (see policies/loading), so the indicator covers only this part.
 */
const poll = (ctx: CallContext, follow: TradeOptions | SignOptions, payload: unknown, original?: MiniError) => {
  // The caller's options are read here once more (tradeNO, orderStr): one that throws now is refused.
  const start = () => {
    try {
      return settle(ctx, follow, payload, original);
    } catch (thrown) {
      return Promise.reject(unreadable(ctx, thrown));
    }
  };
  return ctx.policy.loading ? withLoading(ctx, start) : start();
};

/** The call's `trade` or `sign` options, when it is a payment and they are set. */
function followUpOf(ctx: CallContext): TradeOptions | SignOptions | undefined {
  const rule: (typeof FOLLOW_UPS)[string] | undefined = own(FOLLOW_UPS, ctx.api);
  return rule && ctx.policy[rule.option];
}

/**
 * tradePay 8000/6004 and paySignCenter 7001 mean "may have succeeded": with `trade.query` /
 * `sign.query` configured, they are settled by asking the merchant's server, never by paying again.
 * `trade.verify` also confirms a 9000 the same way. Other calls pass through untouched.
 */
export const paymentFollowUp: Step = Object.assign(
  (context: Parameters<Step>[0], next: () => Promise<unknown>) => {
    const ctx = context as CallContext;
    const follow = followUpOf(ctx);
    if (!follow) return next();
    return next().then(
      (payload) => ((follow as TradeOptions).verify ? poll(ctx, follow, payload) : payload),
      (error) => {
        if (isMiniError(error) && error.kind === 'pending') return poll(ctx, follow, error.raw, error);
        throw error;
      },
    );
  },
  // The options only this step reads: a policy may set them only with this step in `steps`.
  { reads: ['trade', 'sign'] },
);
