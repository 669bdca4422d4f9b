// Invariants under random faults: the host's behaviour is generated (success, failures with any of
// the API's catalog codes, junk failures, synchronous throws, double callbacks, silence, native
// promises that reject or resolve with nothing, aborts at random moments, trade queries that answer
// anything or never), and every call must still settle exactly once, invoke the host no more often
// than the retry policy allows, repeat only transient failures, toast at most once and never for a
// cancel, and leave no timer, listener or unhandled rejection behind. Timers are fake.
import { readFileSync } from 'node:fs';
import { getEventListeners } from 'node:events';
import path from 'node:path';
import fc from 'fast-check';
import { classify, createClient, isMiniError } from '../src/index';
import { paymentFollowUp } from '../src/policies/payment';
import type { Kind, MiniError, MiniEvent, Policy } from '../src/index';

// ---------------------------------------------------------------------------------------------
// The environment: real setImmediate to let promise callbacks run, and the runtime's own process.

const realSetImmediate = setImmediate;
/** Lets every pending promise callback run (a real macrotask turn; fake timers leave it alone). */
const flush = () => new Promise<void>((resolve) => realSetImmediate(resolve));

// Jest hands each test file a copy of `process` whose listeners never hear the runtime's events;
// Node's module loader hands out the real one.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const nodeProcess: NodeJS.Process = require('module')._load('process');

/** Far enough that every timer a host or a test armed (at most a few seconds out) has fired. */
const FAR = 10 * 60 * 1000;

// 1000 cases per property; `npm run mutate` asks for fewer (see stryker.config.mjs), from a fixed
// seed and without shrinking, since there a failure only has to be found, not explained.
const RUNS = Number(process.env.MINICALL_PROPERTY_RUNS) || 1000;
if (process.env.MINICALL_PROPERTY_SEED) fc.configureGlobal({ seed: Number(process.env.MINICALL_PROPERTY_SEED), endOnFailure: true });

// ---------------------------------------------------------------------------------------------
// The catalog: which codes each API documents, and what kind each is.

interface JsonEntry {
  code: number;
  apis: string[];
  kind: Kind;
  throttle?: boolean;
}
const CATALOG: { entries: JsonEntry[] } = JSON.parse(readFileSync(path.join(__dirname, '../codes/alipay.json'), 'utf8'));

const codesOf = (api: string) => CATALOG.entries.filter((e) => e.apis.indexOf(api) >= 0).map((e) => e.code);

/** The kind of `code` for `api`: the entry naming the API, else what the documented lookup says. */
function kindOf(api: string, code: number | string): Kind {
  const own = CATALOG.entries.filter((e) => e.code === code && e.apis.indexOf(api) >= 0)[0];
  return own ? own.kind : classify(api, code);
}

// ---------------------------------------------------------------------------------------------
// What is called, and how the host behaves on each invocation.

type Variant = 'GET' | 'POST' | 'POST+key' | 'POST+other' | 'chooseImage' | 'getLocation' | 'uploadFile' | 'tradePay' | 'paySignCenter';
const VARIANTS: Variant[] = [
  'GET',
  'POST',
  'POST+key',
  'POST+other',
  'chooseImage',
  'getLocation',
  'uploadFile',
  'tradePay',
  'paySignCenter',
];
const apiOf = (v: Variant) => (v === 'GET' || v === 'POST' || v === 'POST+key' || v === 'POST+other' ? 'request' : v);
const PAYMENTS = ['tradePay', 'paySignCenter'];
/** APIs that wait on the user: only a per-call timeout applies to them. */
const USER_PACED = ['chooseImage', 'tradePay', 'paySignCenter'];
/** Whether a retryable failure of this call may be repeated (the README's table). */
const retrySafe = (v: Variant, idempotent: boolean) =>
  PAYMENTS.indexOf(v) < 0 && (idempotent || v === 'GET' || v === 'POST+key' || v === 'getLocation');

function optionsFor(v: Variant): Record<string, unknown> {
  if (v === 'GET') return { url: 'https://shop.example.com/orders', method: 'GET' };
  if (v === 'POST') return { url: 'https://shop.example.com/orders', method: 'POST', data: { sku: 1 } };
  if (v === 'POST+key') return { url: 'https://shop.example.com/orders', method: 'POST', headers: { 'Idempotency-Key': 'k-1' } };
  // Other headers, and an empty Idempotency-Key, do not make a POST repeatable.
  if (v === 'POST+other')
    return { url: 'https://shop.example.com/orders', method: 'post', header: { 'X-Request-Id': 'r-1', 'idempotency-key': '' } };
  if (v === 'uploadFile') return { url: 'https://shop.example.com/upload', filePath: 'a.jpg', fileName: 'file', fileType: 'image' };
  if (v === 'tradePay') return { tradeNO: '2024000001' };
  if (v === 'paySignCenter') return { signStr: 'alipays://sign' };
  if (v === 'chooseImage') return { count: 1 };
  return {};
}

/** When a host calls back: inside the call, on the next microtask, or after some ms. */
type Delay = 'sync' | 'micro' | number;
type Via = 'success' | 'fail';

type Behaviour =
  | { t: 'answer'; via: Via; value: unknown; delay: Delay; complete: boolean }
  | { t: 'completeOnly'; value: unknown; delay: Delay }
  | { t: 'twice'; first: [Via, unknown]; second: [Via, unknown]; delay: Delay; gap: number }
  | { t: 'throw'; value: unknown }
  | { t: 'never' }
  | { t: 'reject'; value: unknown; delay: Delay }
  | { t: 'resolveUndefined'; then: Behaviour; delay: Delay };

const delayArb: fc.Arbitrary<Delay> = fc.oneof(fc.constant<Delay>('sync'), fc.constant<Delay>('micro'), fc.integer({ min: 0, max: 120 }));

/** Failures without a code: text, plain objects, null, nothing, an Error. */
const junkArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constant('request:fail timeout'),
  fc.constant({}),
  fc.record({ errorMessage: fc.string({ maxLength: 8 }) }),
  fc.record({ error: fc.constant('') }),
  fc.record({ foo: fc.integer() }),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(42),
  fc.constant(0).map(() => new Error('host exploded')),
  fc.constant(0).map(() => new TypeError('cannot read properties of undefined')),
);

/** A failure carrying one of the API's catalog codes (or another code), in the shapes hosts use. */
function codedArb(api: string): fc.Arbitrary<unknown> {
  const codes: (number | string)[] = codesOf(api);
  const code = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...codes) },
    { weight: 1, arbitrary: fc.constantFrom<number | string>(2, 3, 10, 20000, 99999, 'E_WEIRD') },
  );
  return fc.oneof(
    code.map((c) => ({ error: c, errorMessage: `${api}:fail ${c}` })),
    code.map((c) => ({ error: String(c) })),
    code.map((c) => ({ errorCode: c, errorMessage: 'x' })),
    code.map((c) => ({ error: c, errorMessage: 'busy', headers: { 'Retry-After': '0.02' } })),
  );
}

/** What `success` receives: a payload, or for payments their result codes (9000 is the only payment). */
function successArb(api: string): fc.Arbitrary<unknown> {
  if (api === 'tradePay') {
    return fc.oneof(
      fc.constantFrom('9000', '8000', '6004', '6001', '6002', '4000', '99', 'abc', 9000).map((resultCode) => ({ resultCode, memo: '' })),
      fc.constant(0).map(() => ({ memo: 'no result code' })),
    );
  }
  if (api === 'paySignCenter') {
    return fc.oneof(
      fc.constantFrom('7000', '7001', '6001', '6002', '7002').map((resultStatus) => ({ resultStatus, result: '{}' })),
      fc.constant(0).map(() => ({ result: '{}' })),
    );
  }
  return fc.record({
    data: fc.oneof(fc.string({ maxLength: 4 }), fc.record({ id: fc.nat() })),
    status: fc.constant(200),
    headers: fc.constant({}),
  });
}

/** Transient failures: the API's retryable codes, or silence until the timeout. */
function transientArb(api: string): fc.Arbitrary<Behaviour> {
  // The API's own retryable codes, and codes that are retryable for every API that documents them.
  const codes = CATALOG.entries.map((e) => e.code).filter((c, i, all) => all.indexOf(c) === i && kindOf(api, c) === 'retryable');
  const raw = fc.oneof(
    fc.constantFrom(...codes).map((c) => ({ error: c, errorMessage: `${api}:fail ${c}` })),
    fc
      .tuple(fc.constantFrom(...codes), fc.constantFrom('Retry-After', 'retry-after'), fc.constantFrom('0', '0.05', ' 1 ', 'soon'))
      .map(([c, name, value]) => ({ error: c, errorMessage: 'busy', headers: { [name]: value } })),
    // Other headers say nothing about the wait.
    fc
      .constantFrom(...codes)
      .map((c) => ({ error: c, errorMessage: 'busy', headers: { 'X-Retry-Count': '3', Date: 'Tue, 24 Nov 2026 12:00:00 GMT' } })),
  );
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        t: fc.constant('answer' as const),
        via: fc.constant('fail' as Via),
        value: raw,
        delay: delayArb,
        complete: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ t: 'never' as const }) },
  );
}

function behaviourArb(api: string): fc.Arbitrary<Behaviour> {
  const failure = fc.oneof({ weight: 3, arbitrary: codedArb(api) }, { weight: 1, arbitrary: junkArb });
  const success = successArb(api);
  const outcome: fc.Arbitrary<[Via, unknown]> = fc.oneof(
    success.map((v): [Via, unknown] => ['success', v]),
    failure.map((v): [Via, unknown] => ['fail', v]),
  );
  const plain: fc.Arbitrary<Behaviour> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        t: fc.constant('answer' as const),
        via: fc.constant('success' as Via),
        value: success,
        delay: delayArb,
        complete: fc.boolean(),
      }),
    },
    {
      weight: 6,
      arbitrary: fc.record({
        t: fc.constant('answer' as const),
        via: fc.constant('fail' as Via),
        value: failure,
        delay: delayArb,
        complete: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        t: fc.constant('completeOnly' as const),
        value: fc.oneof(
          success,
          codedArb(api).filter((v) => typeof v === 'object' && v !== null && 'error' in v),
        ),
        delay: delayArb,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        t: fc.constant('twice' as const),
        first: outcome,
        second: outcome,
        delay: delayArb,
        gap: fc.integer({ min: 0, max: 50 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('throw' as const), value: fc.oneof(failure, junkArb) }) },
    { weight: 2, arbitrary: fc.constant({ t: 'never' as const }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('reject' as const), value: fc.oneof(failure, junkArb), delay: delayArb }) },
  );
  return fc.oneof(
    { weight: 8, arbitrary: plain },
    {
      weight: 1,
      arbitrary: fc.record({ t: fc.constant('resolveUndefined' as const), then: plain.filter((b) => b.t !== 'reject'), delay: delayArb }),
    },
  );
}

/** What one trade (or sign) query does. */
type Answer = { t: 'value'; value: unknown; delay: Delay } | { t: 'throw' } | { t: 'reject'; delay: Delay } | { t: 'never' };

const STATUSES = ['WAIT_BUYER_PAY', 'TRADE_CLOSED', 'TRADE_SUCCESS', 'TRADE_FINISHED'];

function answerArb(api: string): fc.Arbitrary<Answer> {
  const value =
    api === 'tradePay'
      ? fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom<unknown>(...STATUSES) },
          { weight: 2, arbitrary: fc.constantFrom(...STATUSES).map((tradeStatus) => ({ tradeStatus })) },
          { weight: 2, arbitrary: fc.constantFrom<unknown>(42, null, 'PAID', undefined, true).map((v) => v) },
          { weight: 1, arbitrary: fc.constant(0).map(() => ({})) },
        )
      : fc.constantFrom<unknown>(true, false, 'true', 1, null, undefined, {});
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ t: fc.constant('value' as const), value, delay: delayArb }) },
    { weight: 1, arbitrary: fc.constant({ t: 'throw' as const }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('reject' as const), delay: delayArb }) },
    { weight: 1, arbitrary: fc.constant({ t: 'never' as const }) },
  );
}

type SignalPlan = { kind: 'none' } | { kind: 'controller' | 'onabort'; at: 'before' | number };
type UiBehaviour = 'ok' | 'throw' | 'reject' | 'failLater';

interface Scenario {
  variant: Variant;
  behaviours: Behaviour[];
  retry: false | { attempts: number; baseDelay: number; maxDelay: number; maxElapsed: number };
  /** The client's timeout and, when set, the call's own. */
  timeout: number;
  callTimeout: number | undefined;
  idempotent: boolean;
  loading: boolean;
  signal: SignalPlan;
  callbacks: boolean;
  onEventThrows: boolean;
  ui: UiBehaviour;
  follow?: { maxWait: number; interval: number; verify: boolean; answers: Answer[] };
  /** What Math.random returns during the run, so each backoff wait is known. */
  random: number;
}

const retryArb = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.record({
      attempts: fc.integer({ min: 1, max: 6 }),
      baseDelay: fc.integer({ min: 0, max: 50 }),
      maxDelay: fc.integer({ min: 0, max: 400 }),
      maxElapsed: fc.integer({ min: 0, max: 3000 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant(false as const) },
);

const signalArb: fc.Arbitrary<SignalPlan> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('controller' as const, 'onabort' as const),
      at: fc.oneof({ weight: 1, arbitrary: fc.constant('before' as const) }, { weight: 4, arbitrary: fc.integer({ min: 0, max: 1500 }) }),
    }),
  },
);

function scenarioArb(variants: Variant[], withFollow: 'maybe' | 'always', bias: 'any' | 'transient' = 'any'): fc.Arbitrary<Scenario> {
  return fc
    .constantFrom(...variants)
    .chain((variant) => {
      const api = apiOf(variant);
      const follow = fc.record({
        maxWait: fc.integer({ min: 0, max: 4000 }),
        interval: fc.integer({ min: 1, max: 1500 }),
        verify: fc.boolean(),
        answers: fc.array(answerArb(api), { minLength: 1, maxLength: 6 }),
      });
      return fc.record({
        variant: fc.constant(variant),
        behaviours: fc.array(
          bias === 'any'
            ? behaviourArb(api)
            : fc.oneof({ weight: 4, arbitrary: transientArb(api) }, { weight: 1, arbitrary: behaviourArb(api) }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        retry: retryArb,
        timeout: fc.integer({ min: 0, max: 300 }),
        callTimeout: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
        idempotent: fc.boolean(),
        loading: fc.boolean(),
        signal:
          bias === 'any'
            ? signalArb
            : fc.oneof({ weight: 4, arbitrary: fc.constant({ kind: 'none' as const }) }, { weight: 1, arbitrary: signalArb }),
        callbacks: fc.boolean(),
        onEventThrows: fc.boolean(),
        ui: fc.constantFrom<UiBehaviour>('ok', 'ok', 'throw', 'reject', 'failLater'),
        random: fc.integer({ min: 0, max: 999 }).map((x) => x / 1000),
        follow:
          PAYMENTS.indexOf(api) >= 0 ? (withFollow === 'always' ? follow : fc.option(follow, { nil: undefined })) : fc.constant(undefined),
      });
    })
    .map((s) => {
      // A host that never answers must meet a timeout or an abort, or the call waits forever (as documented).
      const bounded = s.signal.kind !== 'none';
      const fix = (ms: number) => (ms === 0 && !bounded ? 1 : ms);
      const userPaced = USER_PACED.indexOf(apiOf(s.variant)) >= 0;
      return Object.assign(s, {
        timeout: fix(s.timeout),
        callTimeout: s.callTimeout === undefined ? (userPaced ? fix(s.timeout) : undefined) : fix(s.callTimeout),
      });
    });
}

/** The timeout that applies to one invocation of this scenario's call. */
function effectiveTimeout(s: Scenario): number {
  if (s.callTimeout !== undefined) return s.callTimeout;
  return USER_PACED.indexOf(apiOf(s.variant)) >= 0 ? 0 : s.timeout;
}

// ---------------------------------------------------------------------------------------------
// The world of one run: a scripted host, its timers, and what happened when.

interface Delivery {
  at: number;
  via: 'success' | 'fail' | 'complete' | 'throw' | 'reject';
  value: unknown;
}
interface Invocation {
  at: number;
  deliveries: Delivery[];
}

/** Timers the host and the test arm (callbacks later, aborts); the library's are the rest. */
function ownTimers() {
  const pending = new Set<unknown>();
  return {
    pending,
    later(ms: number, fn: () => void) {
      const id: unknown = setTimeout(() => {
        pending.delete(id);
        fn();
      }, ms);
      pending.add(id);
    },
  };
}

type Timers = ReturnType<typeof ownTimers>;

function schedule(timers: Timers, delay: Delay, fn: () => void): void {
  if (delay === 'sync') fn();
  else if (delay === 'micro') Promise.resolve().then(fn);
  else timers.later(delay, fn);
}

interface Host {
  my: Record<string, any>;
  /** Invocations of each call (by the `__call` option), in order. */
  invocations: Invocation[][];
  toasts: { at: number; text: string }[];
  loading: { show: number; hide: number; text?: string };
}

/** A host whose `api` runs `behaviours[i]` on its i-th invocation for each call; UI functions are spies. */
function scriptedHost(timers: Timers, plans: { api: string; behaviours: Behaviour[] }[], ui: UiBehaviour): Host {
  const invocations: Invocation[][] = plans.map(() => []);
  const toasts: Host['toasts'] = [];
  const loading: Host['loading'] = { show: 0, hide: 0 };
  const uiCall = (o: { fail?: (e: unknown) => void }) => {
    if (ui === 'throw') throw new Error('showToast is broken');
    if (ui === 'reject') return Promise.reject(new Error('showToast rejected'));
    // As the platform does when the UI is busy: `fail`, later.
    if (ui === 'failLater') timers.later(0, () => o.fail!({ error: 3, errorMessage: 'busy' }));
    return undefined;
  };
  const my: Record<string, any> = {
    showToast(o: { content: string; fail?: (e: unknown) => void }) {
      toasts.push({ at: Date.now(), text: o.content });
      return uiCall(o);
    },
    showLoading(o: { content: string; fail?: (e: unknown) => void }) {
      loading.show++;
      loading.text = o.content;
      return uiCall(o);
    },
    hideLoading(o: object) {
      loading.hide++;
      return uiCall(o);
    },
  };
  const apis = plans.map((p) => p.api).filter((api, i, all) => all.indexOf(api) === i);
  for (const api of apis) {
    my[api] = function (o: Record<string, any>) {
      const index = typeof o.__call === 'number' ? o.__call : 0;
      const list = invocations[index];
      const behaviours = plans[index].behaviours;
      const invocation: Invocation = { at: Date.now(), deliveries: [] };
      list.push(invocation);
      const deliver = (via: Delivery['via'], value: unknown) => {
        invocation.deliveries.push({ at: Date.now(), via, value });
        if (via === 'success' || via === 'fail' || via === 'complete') o[via](value);
      };
      const answer = (via: Via, value: unknown, complete: boolean) => {
        deliver(via, value);
        if (complete) o.complete(value);
      };
      const run = (b: Behaviour): unknown => {
        switch (b.t) {
          case 'answer':
            schedule(timers, b.delay, () => answer(b.via, b.value, b.complete));
            return undefined;
          case 'completeOnly':
            schedule(timers, b.delay, () => deliver('complete', b.value));
            return undefined;
          case 'twice':
            schedule(timers, b.delay, () => {
              answer(b.first[0], b.first[1], false);
              if (b.gap === 0) answer(b.second[0], b.second[1], false);
              else timers.later(b.gap, () => answer(b.second[0], b.second[1], false));
            });
            return undefined;
          case 'throw':
            invocation.deliveries.push({ at: Date.now(), via: 'throw', value: b.value });
            throw b.value;
          case 'never':
            return undefined;
          case 'reject':
            return new Promise((_, reject) =>
              schedule(timers, b.delay, () => {
                invocation.deliveries.push({ at: Date.now(), via: 'reject', value: b.value });
                reject(b.value);
              }),
            );
          case 'resolveUndefined':
            run(b.then);
            return new Promise<void>((resolve) => schedule(timers, b.delay, () => resolve(undefined)));
        }
      };
      const returned = run(behaviours[Math.min(list.length - 1, behaviours.length - 1)]);
      if (returned !== undefined) return returned;
      // Transfers hand back a task; aborting it fails the call with 9, as the platform does.
      if (api === 'request' || api === 'uploadFile') {
        return { abort: () => timers.later(0, () => deliver('fail', { error: 9, errorMessage: `${api}:fail abort` })) };
      }
      return undefined;
    };
  }
  return { my, invocations, toasts, loading };
}

/** A signal of the planned kind, aborted before the call or after `at` ms. */
function makeSignal(timers: Timers, plan: SignalPlan) {
  if (plan.kind === 'none') return { signal: undefined, abortAt: undefined as number | undefined, listeners: () => 0 };
  const start = Date.now();
  let abort: () => void;
  let signal: any;
  let listeners: () => number;
  if (plan.kind === 'controller') {
    const controller = new AbortController();
    signal = controller.signal;
    abort = () => controller.abort();
    listeners = () => getEventListeners(controller.signal, 'abort').length;
  } else {
    // The Alipay runtime may lack AbortController: a plain object with an `onabort` slot.
    const plain: { aborted: boolean; onabort: null | ((...args: unknown[]) => unknown) } = { aborted: false, onabort: null };
    signal = plain;
    abort = () => {
      plain.aborted = true;
      if (plain.onabort) plain.onabort();
    };
    listeners = () => (plain.onabort ? 1 : 0);
  }
  if (plan.at === 'before') abort();
  else timers.later(plan.at, abort);
  return { signal, abortAt: plan.at === 'before' ? start : start + plan.at, listeners };
}

// ---------------------------------------------------------------------------------------------
// The oracle: what a delivery means for this API.

type Verdict = { ok: true } | { ok: false; code: number | string; kind: Kind };

const numeric = (v: unknown): number | string => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? +v : (v as number | string));

function failVerdict(api: string, raw: unknown): Verdict {
  const fields = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const field = ['error', 'errorCode', 'errCode', 'code', 'errcode'].filter((f) => fields[f] != null && fields[f] !== '')[0];
  const code = field === undefined ? 'UNKNOWN' : numeric(fields[field]);
  return { ok: false, code, kind: code === 'UNKNOWN' ? 'fatal' : kindOf(api, code) };
}

function successVerdict(api: string, payload: unknown): Verdict {
  const rule =
    api === 'tradePay'
      ? { field: 'resultCode', ok: '9000', missing: 6004 }
      : api === 'paySignCenter'
        ? { field: 'resultStatus', ok: '7000', missing: 7001 }
        : undefined;
  if (!rule) return { ok: true };
  const value = (payload as Record<string, unknown>)[rule.field];
  if (value == null) return { ok: false, code: rule.missing, kind: kindOf(api, rule.missing) };
  if (String(value) === rule.ok) return { ok: true };
  const code = numeric(value);
  return { ok: false, code, kind: kindOf(api, code) };
}

function verdictOf(api: string, d: Delivery): Verdict {
  if (d.via === 'success') return successVerdict(api, d.value);
  if (d.via === 'complete') {
    const v = d.value as Record<string, unknown>;
    const field = api === 'tradePay' ? 'resultCode' : api === 'paySignCenter' ? 'resultStatus' : '';
    const failed = !!v && typeof v === 'object' && ('error' in v || 'errorCode' in v || 'errorMessage' in v) && !(field && field in v);
    return failed ? failVerdict(api, d.value) : successVerdict(api, d.value);
  }
  return failVerdict(api, d.value);
}

/** What ended one attempt must be what the host did first, or the timeout, or the abort. */
function checkAttempt(api: string, inv: Invocation, error: MiniError, endedAt: number, timeout: number, abortAt: number | undefined): void {
  expect(isMiniError(error)).toBe(true);
  expect(error.api).toBe(api);
  const first = inv.deliveries[0];
  if (error.code === 'TIMEOUT') {
    expect(timeout).toBeGreaterThan(0);
    expect(endedAt).toBe(inv.at + timeout);
    expect(error.kind).toBe('retryable');
    if (first) expect(first.at).toBeGreaterThanOrEqual(inv.at + timeout);
  } else if (error.code === 'ABORTED') {
    expect(abortAt).toBeDefined();
    expect(abortAt!).toBeLessThanOrEqual(endedAt);
    expect(error.kind).toBe('cancel');
  } else {
    expect(first).toBeDefined();
    expect(first.at).toBeLessThanOrEqual(endedAt);
    if (timeout > 0) expect(first.at).toBeLessThanOrEqual(inv.at + timeout);
    const verdict = verdictOf(api, first);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect({ code: error.code, kind: error.kind }).toEqual({ code: verdict.code, kind: verdict.kind });
  }
}

// ---------------------------------------------------------------------------------------------
// Running one call to its end.

interface Settlement {
  count: number;
  status?: 'resolved' | 'rejected';
  value?: any;
  at?: number;
}

/** Watches `promise` through then handlers, counting how often each fires. */
function watch(promise: Promise<unknown>): Settlement {
  const s: Settlement = { count: 0 };
  promise.then(
    (value) => Object.assign(s, { count: s.count + 1, status: 'resolved', value, at: Date.now() }),
    (value) => Object.assign(s, { count: s.count + 1, status: 'rejected', value, at: Date.now() }),
  );
  return s;
}

/** Runs fake time one timer at a time until `done()`; false when nothing is left that could settle it. */
async function driveUntil(done: () => boolean): Promise<boolean> {
  await flush();
  for (let steps = 0; !done(); steps++) {
    if (jest.getTimerCount() === 0 || steps > 5000) return false;
    await jest.advanceTimersToNextTimerAsync();
    await flush();
  }
  return true;
}

function recorder(throws: boolean) {
  const events: (MiniEvent & { at: number })[] = [];
  const onEvent = (event: MiniEvent) => {
    events.push(Object.assign({ at: Date.now() }, event));
    if (throws) throw new Error('a broken monitoring hook');
  };
  return { events, onEvent, of: (type: MiniEvent['type']) => events.filter((e) => e.type === type) };
}

/** The trade (or sign) query of a scenario: answers as scripted, and records when it was asked. */
function scriptedQuery(timers: Timers, answers: Answer[]) {
  const asked: number[] = [];
  const given: unknown[] = [];
  const query = () => {
    asked.push(Date.now());
    const a = answers[Math.min(asked.length - 1, answers.length - 1)];
    if (a.t === 'throw') throw new Error('the server is down');
    if (a.t === 'never') return new Promise(() => undefined);
    if (a.t === 'reject') return new Promise((_, reject) => schedule(timers, a.delay, () => reject(new Error('503'))));
    given.push(a.value);
    if (a.delay === 'sync') return a.value;
    return new Promise((resolve) => schedule(timers, a.delay, () => resolve(a.value)));
  };
  return { query, asked, given };
}

/** Unhandled rejections seen by the runtime while a property runs. */
function unhandledRejections() {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  return {
    seen,
    install: () => nodeProcess.on('unhandledRejection', listener),
    remove: () => nodeProcess.removeListener('unhandledRejection', listener),
  };
}

let unhandled: ReturnType<typeof unhandledRejections>;

beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  unhandled = unhandledRejections();
  unhandled.install();
});

afterEach(() => {
  unhandled.remove();
  jest.clearAllTimers();
  jest.useRealTimers();
  jest.restoreAllMocks();
});

/**
 * The wait before retry `n` after `error`: a Retry-After header (seconds) capped at maxDelay, else
 * full jitter over min(maxDelay, base·2^(n−1)), base at least 1 s for throttling codes.
 */
function expectedDelay(s: Scenario, error: MiniError, n: number): number {
  const retry = s.retry as Exclude<Scenario['retry'], false>;
  const raw = error.raw as { headers?: Record<string, string> } | undefined;
  const headers = (raw && typeof raw === 'object' && raw.headers) || {};
  const after = headers['Retry-After'] || headers['retry-after'];
  // A number of seconds is honoured up to maxDelay; anything else ('soon') is ignored.
  if (after && /^\s*\d+(\.\d+)?\s*$/.test(after)) return Math.min(retry.maxDelay, Number(after) * 1000);
  // Throttling codes as codes/alipay.json marks them (the entry naming the API, else the one the lookup found).
  const own = CATALOG.entries.filter((e) => e.code === error.code && e.apis.indexOf(apiOf(s.variant)) >= 0)[0];
  const throttle = own ? !!own.throttle : !!(error.entry && CATALOG.entries.some((e) => e.code === error.code && !!e.throttle));
  const base = throttle ? Math.max(1000, retry.baseDelay) : retry.baseDelay;
  return Math.floor(s.random * Math.min(retry.maxDelay, base * Math.pow(2, n - 1)));
}

/** One generated call on a fresh client, checked against every invariant. */
async function runScenario(s: Scenario): Promise<void> {
  jest.clearAllTimers();
  unhandled.seen.length = 0;
  jest.spyOn(Math, 'random').mockReturnValue(s.random);
  const api = apiOf(s.variant);
  const timers = ownTimers();
  const host = scriptedHost(timers, [{ api, behaviours: s.behaviours }], s.ui);
  const { events, onEvent, of } = recorder(s.onEventThrows);
  const follow = s.follow && scriptedQuery(timers, s.follow.answers);
  const config: Record<string, unknown> = { my: host.my, retry: s.retry, timeout: s.timeout, toast: true, onEvent, loading: s.loading };
  if (follow && s.follow) {
    const f = { query: follow.query, maxWait: s.follow.maxWait, interval: s.follow.interval };
    config[api === 'tradePay' ? 'trade' : 'sign'] = api === 'tradePay' ? Object.assign(f, { verify: s.follow.verify }) : f;
    config.steps = [paymentFollowUp];
  }
  const client = createClient(config);
  const { signal, abortAt, listeners } = makeSignal(timers, s.signal);
  const policy: Policy = { idempotent: s.idempotent };
  if (s.callTimeout !== undefined) policy.timeout = s.callTimeout;
  if (signal) policy.signal = signal;
  const callbacks = { success: 0, fail: 0, complete: 0, failed: undefined as unknown };
  const options: Record<string, unknown> = Object.assign({ __call: 0 }, optionsFor(s.variant));
  if (s.callbacks) {
    options.success = () => callbacks.success++;
    options.fail = (e: unknown) => {
      callbacks.fail++;
      callbacks.failed = e;
    };
    options.complete = () => callbacks.complete++;
  }

  const started = Date.now();
  const settlement = watch(client.call(api as 'request', options as any, policy));
  const invocations = host.invocations[0];

  const settled = await driveUntil(() => settlement.count > 0);
  if (!settled) throw new Error(`the call never settled (${invocations.length} invocations, ${jest.getTimerCount()} timers)`);

  // Nothing of the library's is armed once the call has settled: no timer, no abort listener.
  expect(jest.getTimerCount() - timers.pending.size).toBe(0);
  expect(listeners()).toBe(0);
  // A call that waits on the user shows no loading over the host's UI; a payment shows it while
  // its follow-up polls, if it polls at all.
  if (!s.loading) expect(host.loading).toEqual({ show: 0, hide: 0 });
  else if (USER_PACED.indexOf(api) < 0) expect(host.loading).toEqual({ show: 1, hide: 1, text: '' });
  else if (follow) {
    expect(host.loading.hide).toBe(host.loading.show);
    expect(host.loading.show).toBeLessThanOrEqual(1);
  } else expect(host.loading).toEqual({ show: 0, hide: 0 });

  // Later callbacks, aborts and query answers change nothing.
  const before = JSON.stringify({
    n: invocations.length,
    toasts: host.toasts,
    asked: follow ? follow.asked.length : 0,
    events: events.length,
    callbacks,
    loading: host.loading,
  });
  const outcome = { status: settlement.status, value: settlement.value };
  await jest.advanceTimersByTimeAsync(FAR);
  await flush();
  expect(settlement.count).toBe(1);
  expect({ status: settlement.status, value: settlement.value }).toEqual(outcome);
  expect(
    JSON.stringify({
      n: invocations.length,
      toasts: host.toasts,
      asked: follow ? follow.asked.length : 0,
      events: events.length,
      callbacks,
      loading: host.loading,
    }),
  ).toBe(before);
  expect(jest.getTimerCount()).toBe(0);
  expect(unhandled.seen).toEqual([]);

  // How often the host was invoked.
  const n = invocations.length;
  const preAborted = s.signal.kind !== 'none' && s.signal.at === 'before';
  const max = s.retry === false || !retrySafe(s.variant, s.idempotent) ? 1 : Math.min(s.retry.attempts, 5); // the budget allows 4 retries on a fresh client
  expect(n).toBeLessThanOrEqual(max);
  if (preAborted) expect(n).toBe(0);
  else expect(n).toBeGreaterThanOrEqual(1);
  if (PAYMENTS.indexOf(api) >= 0 && !preAborted) expect(n).toBe(1);
  expect(of('attempt').length).toBe(Math.max(n, preAborted ? 1 : 0));

  // Every attempt but the last ended in a transient failure, and its wait was the backoff's.
  const timeout = effectiveTimeout(s);
  const retries = of('retry');
  const final = settlement.status === 'rejected' ? (settlement.value as MiniError) : undefined;
  // An abort during the last backoff sleep ends the call after its retry event.
  const abortedAsleep = !!final && final.code === 'ABORTED' && n > 0 && retries.length === n;
  expect(retries.length).toBe(Math.max(0, abortedAsleep ? n : n - 1));
  retries.forEach((event, i) => {
    const error = event.error!;
    expect(event.attempt).toBe(i + 1);
    expect(error.kind).toBe('retryable');
    expect(error.attempts).toBe(i + 1);
    checkAttempt(api, invocations[i], error, event.at, timeout, abortAt);
    expect(event.delay).toBe(expectedDelay(s, error, i + 1));
    // A zero wait arms no timer: the next attempt starts in the same millisecond.
    if (i + 1 < n) expect(invocations[i + 1].at - event.at).toBe(event.delay);
    if (s.retry) expect(event.at - started + event.delay!).toBeLessThanOrEqual(s.retry.maxElapsed);
  });

  // Each query answered (or timed out) is one followup event; an abort may cut the last one short.
  const followed = !!follow && follow.asked.length > 0;
  if (follow) {
    const cut = follow.asked.length - of('followup').length;
    expect(cut === 0 || (cut === 1 && !!final && final.code === 'ABORTED')).toBe(true);
  } else expect(of('followup')).toEqual([]);
  const toasts = host.toasts.map((t) => t.text);

  if (settlement.status === 'resolved') {
    expect(of('success').length).toBe(1);
    expect(of('giveup').length).toBe(0);
    expect(toasts).toEqual([]);
    const last = invocations[n - 1];
    expect(last.deliveries.length).toBeGreaterThan(0);
    const first = last.deliveries[0];
    if (timeout > 0) expect(first.at).toBeLessThanOrEqual(last.at + timeout);
    const verdict = verdictOf(api, first);
    if (followed) {
      expect(settlement.value).toMatchObject({ confirmedBy: 'query' });
      expect(follow!.given.some((v) => v === true || STATUSES.slice(2).indexOf((v && (v as any).tradeStatus) || (v as any)) >= 0)).toBe(
        true,
      );
    } else {
      expect(verdict).toEqual({ ok: true });
      expect(settlement.value).toBe(first.value);
    }
    if (s.callbacks) expect([callbacks.success, callbacks.fail, callbacks.complete]).toEqual([1, 0, 1]);
  } else {
    const error = settlement.value as MiniError;
    expect(isMiniError(error)).toBe(true);
    expect(error.api).toBe(api);
    expect(of('giveup').length).toBe(1);
    expect(of('success').length).toBe(0);
    // attempts counts real invocations: 0 when an aborted signal stopped the call before the host.
    expect(error.attempts).toBe(n);
    if (!followed) {
      // trade.verify with maxWait 0: a 9000 nobody could confirm is pending, without a query.
      if (s.follow && s.follow.verify && error.code === 9000) expect([error.kind, s.follow.maxWait]).toEqual(['pending', 0]);
      else if (n > 0 && !(error.code === 'ABORTED' && retries.length === n))
        checkAttempt(api, invocations[n - 1], error, settlement.at!, timeout, abortAt);
      else expect(error.code).toBe('ABORTED');
      // A transient failure of a repeatable call is final only when the attempts, the budget
      // (4 retries on a fresh client) or maxElapsed ran out.
      if (error.kind === 'retryable' && s.retry && retrySafe(s.variant, s.idempotent) && n > 0 && n < Math.min(s.retry.attempts, 5)) {
        expect(settlement.at! - started + expectedDelay(s, error, n)).toBeGreaterThan(s.retry.maxElapsed);
      }
    } else {
      // A follow-up ends paid (resolved), closed (fatal), unknown (pending) or aborted, within maxWait.
      expect(['pending', 'fatal', 'cancel']).toContain(error.kind);
      if (error.kind === 'cancel') expect(error.code).toBe('ABORTED');
      if (error.kind === 'fatal')
        expect(follow!.given.some((v) => v === 'TRADE_CLOSED' || (v && (v as any).tradeStatus === 'TRADE_CLOSED'))).toBe(true);
      if (error.tradeStatus !== undefined)
        expect(follow!.given.map((v) => (v && typeof v === 'object' ? (v as any).tradeStatus : v))).toContain(error.tradeStatus);
    }
    if (followed && s.follow) {
      const decided = invocations[0].deliveries[0];
      expect(settlement.at! - decided.at).toBeLessThanOrEqual(s.follow.maxWait + 1);
    }
    // One toast for a final failure, none for a cancel.
    expect(toasts).toEqual(error.kind === 'cancel' ? [] : [error.hint]);
    if (s.callbacks) {
      expect([callbacks.success, callbacks.fail, callbacks.complete]).toEqual([0, 1, 1]);
      expect(callbacks.failed).toBe(error);
    }
  }
}

interface BatchCall {
  variant: Variant;
  behaviours: Behaviour[];
  callTimeout: number;
  idempotent: boolean;
  offset: number;
  signal: SignalPlan;
}

interface Batch {
  calls: BatchCall[];
  retry: Scenario['retry'];
  random: number;
}

const batchArb: fc.Arbitrary<Batch> = fc.record({
  calls: fc.array(
    fc.constantFrom(...VARIANTS).chain((variant) =>
      fc.record({
        variant: fc.constant(variant),
        behaviours: fc.array(fc.oneof(transientArb(apiOf(variant)), behaviourArb(apiOf(variant))), { minLength: 1, maxLength: 4 }),
        callTimeout: fc.integer({ min: 1, max: 300 }),
        idempotent: fc.boolean(),
        offset: fc.integer({ min: 0, max: 4000 }),
        signal: fc.oneof({ weight: 4, arbitrary: fc.constant({ kind: 'none' as const }) }, { weight: 1, arbitrary: signalArb }),
      }),
    ),
    { minLength: 2, maxLength: 5 },
  ),
  retry: retryArb,
  random: fc.integer({ min: 0, max: 999 }).map((x) => x / 1000),
});

/** Calls on one client, started at random moments: one toast per text per 2 s, one shared retry budget. */
async function runBatch(b: Batch): Promise<void> {
  jest.clearAllTimers();
  unhandled.seen.length = 0;
  jest.spyOn(Math, 'random').mockReturnValue(b.random);
  const timers = ownTimers();
  const host = scriptedHost(
    timers,
    b.calls.map((c) => ({ api: apiOf(c.variant), behaviours: c.behaviours })),
    'ok',
  );
  const client = createClient({ my: host.my, retry: b.retry, timeout: 1000, toast: true });
  const runs = b.calls.map((c) => ({ c, rec: recorder(false), settlement: { count: 0 } as Settlement, listeners: (): number => 0 }));
  runs.forEach((run, index) =>
    timers.later(run.c.offset, () => {
      const made = makeSignal(timers, run.c.signal);
      run.listeners = made.listeners;
      const policy: Policy = { timeout: run.c.callTimeout, idempotent: run.c.idempotent, onEvent: run.rec.onEvent };
      if (made.signal) policy.signal = made.signal;
      const options = Object.assign({ __call: index }, optionsFor(run.c.variant));
      run.settlement = watch(client.call(apiOf(run.c.variant) as 'request', options as any, policy));
    }),
  );
  if (!(await driveUntil(() => runs.every((r) => r.settlement.count > 0)))) throw new Error('a call never settled');
  expect(jest.getTimerCount() - timers.pending.size).toBe(0);
  for (const r of runs) expect(r.listeners()).toBe(0);
  await jest.advanceTimersByTimeAsync(FAR);
  await flush();
  expect(jest.getTimerCount()).toBe(0);
  expect(unhandled.seen).toEqual([]);

  let retries = 0;
  let successes = 0;
  const failures: { at: number; hint: string }[] = [];
  runs.forEach((r, index) => {
    expect(r.settlement.count).toBe(1);
    const n = host.invocations[index].length;
    const max = b.retry === false || !retrySafe(r.c.variant, r.c.idempotent) ? 1 : b.retry.attempts;
    expect(n).toBeLessThanOrEqual(max);
    if (PAYMENTS.indexOf(apiOf(r.c.variant)) >= 0 && n > 0) expect(n).toBe(1);
    const own = r.rec.of('retry');
    for (const e of own) expect(e.error!.kind).toBe('retryable');
    retries += own.length;
    if (r.settlement.status === 'resolved') successes++;
    else {
      const error = r.settlement.value as MiniError;
      expect(isMiniError(error)).toBe(true);
      if (error.kind !== 'cancel') failures.push({ at: r.settlement.at!, hint: error.hint });
    }
  });
  // The budget: 10 tokens, a failed attempt costs 1, a success returns 0.1, no retry at 5 or less.
  expect(retries).toBeLessThan(5 + 0.1 * successes);
  // Each final failure's text was on screen within the last 2 s; the same text never twice within 2 s.
  const toasts = host.toasts;
  expect(toasts.length).toBeLessThanOrEqual(failures.length);
  for (const f of failures) {
    const shown = toasts.filter((t) => t.text === f.hint && t.at <= f.at);
    expect(shown.length).toBeGreaterThan(0);
    expect(f.at - shown[shown.length - 1].at).toBeLessThan(2000);
  }
  for (const t of toasts) {
    expect(failures.some((f) => f.hint === t.text && f.at === t.at)).toBe(true);
    const again = toasts.filter((u) => u !== t && u.text === t.text && Math.abs(u.at - t.at) < 2000);
    expect(again).toEqual([]);
  }
}

describe('any host behaviour', () => {
  it('every call settles once, within its attempts, repeating only transient failures, toasting at most once, leaving nothing armed', async () => {
    await fc.assert(fc.asyncProperty(scenarioArb(VARIANTS, 'maybe'), runScenario), { numRuns: RUNS });
  }, 120000);

  it('transient faults of repeatable calls are retried with backoff within attempts, budget and maxElapsed, and nothing else is', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb(['GET', 'POST+key', 'getLocation', 'POST', 'POST+other', 'uploadFile'], 'maybe', 'transient'),
        runScenario,
      ),
      { numRuns: RUNS },
    );
  }, 120000);

  it('calls sharing a client share one retry budget and show each text at most once per 2 s', async () => {
    await fc.assert(fc.asyncProperty(batchArb, runBatch), { numRuns: RUNS });
  }, 120000);

  it('a payment is invoked exactly once and its follow-up ends within maxWait, whatever the query does', async () => {
    await fc.assert(fc.asyncProperty(scenarioArb(['tradePay', 'paySignCenter'], 'always'), runScenario), { numRuns: RUNS });
  }, 120000);
});
