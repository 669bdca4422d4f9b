// Hostile values for property tests: names that every object inherits, objects whose getters throw,
// Proxies whose traps throw or lie, revoked Proxies, frozen, sealed and prototype-free objects,
// thenables that never settle, values that cannot become strings, signals of every shape, and
// ordinary junk.
//
// The arbitraries generate *specs*: plain data that fast-check prints, shrinks and replays, and that
// `build` turns into a fresh hostile value on every run (a value a test mutated, a signal a call
// listened to, never leaks into the next run). A counterexample therefore reads as the recipe of the
// value, e.g. `{ k: 'object', entries: [{ key: 'success', getter: 'error', enumerable: true }] }`.
import fc from 'fast-check';
import { getEventListeners } from 'node:events';

// ---------------------------------------------------------------------------------------------
// Names

const unique = <T>(values: T[]): T[] => values.filter((v, i) => values.indexOf(v) === i);

/** Every own name of `Object.prototype`: constructor, __proto__, toString, hasOwnProperty, valueOf, … */
export const OBJECT_PROTOTYPE_NAMES: string[] = Object.getOwnPropertyNames(Object.prototype);

/** Every own name of `Function.prototype`: call, apply, bind, caller, arguments, length, name, … */
export const FUNCTION_PROTOTYPE_NAMES: string[] = Object.getOwnPropertyNames(Function.prototype);

/** Names every object or function answers to, and the names promise machinery and serialisers look up. */
export const PROTOTYPE_NAMES: string[] = unique([
  ...OBJECT_PROTOTYPE_NAMES,
  ...FUNCTION_PROTOTYPE_NAMES,
  'prototype',
  'then',
  'catch',
  'finally',
  'toJSON',
]);

/** Keys minicall, the platforms and promise machinery read: good places for a getter that throws. */
export const INTERESTING_KEYS: string[] = [
  'success',
  'fail',
  'complete',
  'cancel',
  'url',
  'method',
  'headers',
  'header',
  'data',
  'aborted',
  'onabort',
  'addEventListener',
  'removeEventListener',
  'then',
  'error',
  'errorCode',
  'errorMessage',
  'errCode',
  'errcode',
  'errmsg',
  'code',
  'msg',
  'message',
  'desc',
  'status',
  'statusCode',
  'resultCode',
  'resultStatus',
  'tradeNO',
  'orderStr',
  'tradeStatus',
  'resp',
  'params',
  'getToken',
  'refreshToken',
  'timeout',
  'retry',
  'toast',
  'loading',
  'signal',
  'messages',
  'trade',
  'sign',
  'query',
  'maxWait',
  'interval',
  'verify',
  'onEvent',
  'locale',
  'idempotent',
  'my',
  'upsdk',
  'readyTimeout',
  'showToast',
  'showLoading',
  'hideLoading',
  'isInsideWallet',
  'pluginReady',
  'abort',
  'attempts',
  'baseDelay',
  'maxDelay',
  'maxElapsed',
  'kind',
  'action',
  'delay',
  'network',
  'httpErrors',
  'downloadDir',
  'bridgeDelay',
  'neverReady',
  'insideWallet',
  'Retry-After',
  'Idempotency-Key',
  'length',
  'stack',
];

export const protoNameArb: fc.Arbitrary<string> = fc.constantFrom(...PROTOTYPE_NAMES);

/** Dotted names through inherited members: `my.constructor`, `ap.__proto__`, `constructor.call`, … */
export const dottedProtoNameArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('my', 'ap', 'upsdk', 'cloud', ...PROTOTYPE_NAMES), fc.constantFrom('', 'request', ...PROTOTYPE_NAMES))
  .map(([a, b]) => `${a}.${b}`);

/** Strings that are awkward as text: lone surrogates, NUL, bidi overrides, BOMs, ligatures, astral symbols. */
export const AWKWARD_STRINGS: string[] = [
  '',
  ' ',
  '\ud800',
  '\udfff',
  'a\ud83d',
  '\u0000',
  '\u202e',
  '\ufeff',
  '𝒳',
  '请求',
  'ﬃ',
  'İ',
  '\n',
  '%s%d%o',
  '${x}',
  '..',
  '.',
];

export const unicodeArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom(...AWKWARD_STRINGS),
);

export const keyArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: protoNameArb },
  { weight: 4, arbitrary: fc.constantFrom(...INTERESTING_KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
  { weight: 1, arbitrary: unicodeArb },
);

// ---------------------------------------------------------------------------------------------
// What hostile code throws. Every thrown object is remembered, so a test can tell a value that
// passed through untouched from one minicall (or the engine) made.

export type ThrowSpec =
  | 'error'
  | 'typeError'
  | 'string'
  | 'number'
  | 'undefined'
  | 'null'
  | 'symbol'
  | 'object'
  | 'revokedProxy'
  | 'badMessage'
  | 'branded'
  | 'brandedFrozen'
  | 'frozenError';

export const throwArb: fc.Arbitrary<ThrowSpec> = fc.constantFrom<ThrowSpec>(
  'error',
  'error',
  'typeError',
  'string',
  'number',
  'undefined',
  'null',
  'symbol',
  'object',
  'revokedProxy',
  'badMessage',
  'branded',
  'brandedFrozen',
  'frozenError',
);

const thrownObjects = new WeakSet<object>();
const thrownPrimitives = new Set<unknown>();
const THROWN_SYMBOL = Symbol('hostile: a thrown symbol');
/** The brand minicall's `isMiniError` looks for (a registered symbol, shared by every copy). */
const MINI_ERROR_BRAND = Symbol.for('minicall.MiniError');

const isObjectLike = (v: unknown): v is object => (typeof v === 'object' && v !== null) || typeof v === 'function';

/** Remembers `value` as something hostile code threw or rejected with; returns it. */
export function markThrown<T>(value: T): T {
  if (isObjectLike(value)) thrownObjects.add(value);
  else thrownPrimitives.add(value);
  return value;
}

const origins = new WeakMap<object, object>();

/** The object whose getter or Proxy trap threw `value`, if it was one. */
export function originOf(value: unknown): object | undefined {
  return isObjectLike(value) ? origins.get(value) : undefined;
}

/** A fresh thrown value of kind `t`, remembered as coming from `origin`'s getter or trap. */
function thrownBy(origin: object, t: ThrowSpec): unknown {
  const value = thrownValue(t);
  if (isObjectLike(value)) origins.set(value, origin);
  return value;
}

/** Whether `value` is exactly what hostile code threw or rejected with (an object by identity). */
export function isHostileThrow(value: unknown): boolean {
  return isObjectLike(value) ? thrownObjects.has(value) : thrownPrimitives.has(value);
}

function revokedProxy(target: object = {}): any {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

/** A fresh value of the kind `t` describes, remembered as thrown. */
export function thrownValue(t: ThrowSpec): unknown {
  switch (t) {
    case 'error':
      return markThrown(new Error('hostile: thrown'));
    case 'typeError':
      return markThrown(new TypeError("hostile: a TypeError that is not minicall's"));
    case 'string':
      return markThrown('hostile: a thrown string');
    case 'number':
      return markThrown(42);
    case 'undefined':
      return markThrown(undefined);
    case 'null':
      return markThrown(null);
    case 'symbol':
      return markThrown(THROWN_SYMBOL);
    case 'object':
      return markThrown({ thrown: 'hostile' });
    case 'revokedProxy':
      return markThrown(revokedProxy());
    case 'badMessage': {
      // `instanceof Error`, with a message that throws when read.
      const error = Object.create(Error.prototype, {
        message: {
          get() {
            throw thrownValue('error');
          },
        },
      });
      return markThrown(error);
    }
    case 'branded':
      // Passes `isMiniError`, and says a token expired: what withUnionPayToken refreshes on.
      return markThrown({ [MINI_ERROR_BRAND]: true, code: 'a10', kind: 'fatal', action: 'refreshBackendToken' });
    case 'brandedFrozen':
      return markThrown(Object.freeze({ [MINI_ERROR_BRAND]: true, code: 'HOSTILE', kind: 'retryable', action: 'refreshFrontToken' }));
    case 'frozenError':
      return markThrown(Object.freeze(new Error('hostile: frozen')));
  }
}

// ---------------------------------------------------------------------------------------------
// Specs of hostile values

export type Seal = 'none' | 'freeze' | 'seal' | 'preventExtensions';
export type Primitive = string | number | boolean | null | undefined;

/** One own property: a value, or a getter that throws (enumerable or not). */
export type EntrySpec = { key: string; v: ValueSpec } | { key: string; getter: ThrowSpec; enumerable: boolean };

/** What a Proxy trap does: forward, throw, or answer with junk. */
export type TrapSpec = 'pass' | 'throw' | { junk: ValueSpec };
export type KeysTrapSpec = 'pass' | 'throw' | 'junk' | 'dupes' | 'extra' | 'empty';

export interface TrapsSpec {
  get: TrapSpec;
  has: TrapSpec;
  ownKeys: KeysTrapSpec;
  getOwnPropertyDescriptor: TrapSpec;
  getPrototypeOf: 'pass' | 'throw';
  set: 'pass' | 'throw' | 'false';
  apply: TrapSpec;
}

/** What a generated function does when called. */
export type FnDoes =
  | { t: 'return'; v: ValueSpec }
  | { t: 'throw'; e: ThrowSpec }
  /** Calls each function among its arguments with `v` (a `then` that resolves, a `pluginReady` that fires). */
  | { t: 'callArgs'; v: ValueSpec; twice: boolean }
  | { t: 'returnThis' };

export type ThenSpec = 'getterThrows' | 'throws' | 'rejects' | 'resolves' | 'resolvesLater' | 'never' | 'notFunction' | 'twice';

export type Builtin =
  | 'date'
  | 'invalidDate'
  | 'regexp'
  | 'map'
  | 'set'
  | 'weakMap'
  | 'promiseRejected'
  | 'promiseNever'
  | 'promiseResolved'
  | 'abortedSignal'
  | 'arrayBuffer'
  | 'uint8Array'
  | 'boxedString'
  | 'boxedNumber'
  | 'boxedSymbol'
  | 'objectPrototype'
  | 'functionPrototype'
  | 'arrayPrototype'
  | 'math'
  | 'json';

export type Unstringable = 'toString' | 'valueOf' | 'toPrimitive' | 'all' | 'nullProto' | 'returnsObject';

export type ValueSpec =
  | { k: 'prim'; v: Primitive }
  | { k: 'bigint'; v: number }
  | { k: 'big'; s: string; n: number }
  | { k: 'symbol'; d: string }
  | { k: 'unstringable'; via: Unstringable; e: ThrowSpec }
  | { k: 'object'; proto: 'object' | 'null' | 'array' | 'function' | 'error' | ValueSpec; entries: EntrySpec[]; seal: Seal }
  | { k: 'array'; items: ValueSpec[]; seal: Seal }
  | { k: 'fn'; does: FnDoes; props: EntrySpec[] }
  | { k: 'proxy'; target: 'object' | 'function' | 'array'; entries: EntrySpec[]; traps: TrapsSpec; seal: Seal }
  | { k: 'revoked'; target: 'object' | 'function' }
  | { k: 'thenable'; then: ThenSpec; v: ValueSpec }
  | { k: 'json'; text: string }
  | { k: 'branded'; frozen: boolean; entries: EntrySpec[] }
  | { k: 'thrown'; e: ThrowSpec }
  | { k: 'builtin'; which: Builtin }
  | { k: 'signal'; s: SignalSpec };

export const prim = (v: Primitive): ValueSpec => ({ k: 'prim', v });

/** Numbers that break arithmetic and comparisons. */
export const NASTY_NUMBERS = [
  0,
  -0,
  NaN,
  Infinity,
  -Infinity,
  -1,
  1,
  0.5,
  1.5,
  2 ** 31,
  2 ** 31 - 1,
  2 ** 53,
  Number.MAX_VALUE,
  1e21,
  -1e21,
];

export const primitiveArb: fc.Arbitrary<Primitive> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Primitive>(...NASTY_NUMBERS) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 3, arbitrary: protoNameArb },
  { weight: 1, arbitrary: fc.constantFrom(...INTERESTING_KEYS) },
  { weight: 2, arbitrary: unicodeArb },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Primitive>(
      '00',
      '9000',
      '8000',
      '6004',
      '13',
      '11',
      '-1',
      'a10',
      'a20',
      'TIMEOUT',
      'ABORTED',
      'UNKNOWN',
      'true',
      'en',
      'zh-CN',
      'GET',
      'post',
      'https://shop.example.com/orders',
      'TRADE_SUCCESS',
      'TRADE_CLOSED',
      '用户取消支付',
    ),
  },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constantFrom<Primitive>(null, undefined) },
);

const bigArb: fc.Arbitrary<ValueSpec> = fc.record({
  k: fc.constant('big' as const),
  s: fc.constantFrom('x', '取', '\ud800', 'constructor.', '%s', '{"a":'),
  n: fc.oneof(fc.integer({ min: 1000, max: 5000 }), fc.constantFrom(65536, 100001)),
});

const unstringableArb: fc.Arbitrary<ValueSpec> = fc.record({
  k: fc.constant('unstringable' as const),
  via: fc.constantFrom<Unstringable>('toString', 'valueOf', 'toPrimitive', 'all', 'nullProto', 'returnsObject'),
  e: throwArb,
});

/** JSON texts whose objects own a `__proto__` (or `constructor.prototype`) key, as JSON.parse makes them. */
export const PROTO_JSON: string[] = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"__proto__":{"timeout":1,"toast":false}}',
  '{"timeout":5,"__proto__":null}',
  '{"__proto__":[]}',
  '{"resp":"00","params":{"__proto__":{"polluted":1}}}',
  '{"resp":"__proto__","msg":"x"}',
  '{"resp":"constructor","msg":{"__proto__":"x"}}',
  '{"resp":"toString","__proto__":{"resp":"00"}}',
  '{"messages":{"__proto__":"hint","constructor":"x"}}',
  '{"retry":{"__proto__":{"attempts":9}}}',
  '{"headers":{"__proto__":{"Idempotency-Key":"k"}},"method":"POST"}',
  '{"error":"__proto__","errorMessage":{"__proto__":1}}',
  '{"success":"constructor","fail":"__proto__","complete":"toString"}',
  '{"aborted":false,"onabort":null,"__proto__":{"aborted":true}}',
  '[{"__proto__":{}}]',
  '"__proto__"',
  'null',
];

const jsonValueArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('1', '-0', '1e400', 'null', 'true', '"x"', '{}', '[]', '{"__proto__":{}}', '"00"'),
  fc.string({ maxLength: 4 }).map((s) => JSON.stringify(s)),
);

/** JSON object texts from generated keys (prototype names among them), so `__proto__` is an own key after parsing. */
export const protoJsonArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTO_JSON),
  fc
    .array(fc.tuple(fc.oneof(protoNameArb, fc.constantFrom(...INTERESTING_KEYS)), jsonValueArb), { maxLength: 4 })
    .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
);

const builtinArb: fc.Arbitrary<ValueSpec> = fc.record({
  k: fc.constant('builtin' as const),
  which: fc.constantFrom<Builtin>(
    'date',
    'invalidDate',
    'regexp',
    'map',
    'set',
    'weakMap',
    'promiseRejected',
    'promiseNever',
    'promiseResolved',
    'abortedSignal',
    'arrayBuffer',
    'uint8Array',
    'boxedString',
    'boxedNumber',
    'boxedSymbol',
    'objectPrototype',
    'functionPrototype',
    'arrayPrototype',
    'math',
    'json',
  ),
});

const sealArb: fc.Arbitrary<Seal> = fc.constantFrom<Seal>('none', 'none', 'none', 'none', 'freeze', 'seal', 'preventExtensions');

/** Values without parts: primitives, huge strings, symbols, unstringables, revoked Proxies, JSON, built-ins. */
export const leafArb: fc.Arbitrary<ValueSpec> = fc.oneof(
  { weight: 12, arbitrary: primitiveArb.map(prim) },
  { weight: 1, arbitrary: fc.integer().map((v): ValueSpec => ({ k: 'bigint', v })) },
  { weight: 1, arbitrary: bigArb },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }).map((d): ValueSpec => ({ k: 'symbol', d })) },
  { weight: 2, arbitrary: unstringableArb },
  {
    weight: 1,
    arbitrary: fc.constantFrom<'object' | 'function'>('object', 'function').map((target): ValueSpec => ({ k: 'revoked', target })),
  },
  { weight: 1, arbitrary: protoJsonArb.map((text): ValueSpec => ({ k: 'json', text })) },
  { weight: 2, arbitrary: builtinArb },
  { weight: 1, arbitrary: throwArb.map((e): ValueSpec => ({ k: 'thrown', e })) },
);

const valueArbs = new Map<number, fc.Arbitrary<ValueSpec>>();

function trapArb(depth: number): fc.Arbitrary<TrapSpec> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant<TrapSpec>('pass') },
    { weight: 2, arbitrary: fc.constant<TrapSpec>('throw') },
    { weight: 2, arbitrary: valueArb(depth).map((junk): TrapSpec => ({ junk })) },
  );
}

export function entryArb(depth: number, keys: fc.Arbitrary<string> = keyArb): fc.Arbitrary<EntrySpec> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ key: keys, v: valueArb(depth) }) },
    { weight: 2, arbitrary: fc.record({ key: keys, getter: throwArb, enumerable: fc.boolean() }) },
  );
}

export function trapsArb(depth: number): fc.Arbitrary<TrapsSpec> {
  return fc.record({
    get: trapArb(depth),
    has: trapArb(depth),
    ownKeys: fc.constantFrom<KeysTrapSpec>('pass', 'pass', 'throw', 'junk', 'dupes', 'extra', 'empty'),
    getOwnPropertyDescriptor: trapArb(depth),
    getPrototypeOf: fc.constantFrom<'pass' | 'throw'>('pass', 'pass', 'throw'),
    set: fc.constantFrom<'pass' | 'throw' | 'false'>('pass', 'pass', 'throw', 'false'),
    apply: trapArb(depth),
  });
}

export const thenArb: fc.Arbitrary<ThenSpec> = fc.constantFrom<ThenSpec>(
  'getterThrows',
  'throws',
  'rejects',
  'resolves',
  'resolvesLater',
  'never',
  'notFunction',
  'twice',
);

export function fnDoesArb(depth: number): fc.Arbitrary<FnDoes> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ t: fc.constant('return' as const), v: valueArb(depth) }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('throw' as const), e: throwArb }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('callArgs' as const), v: valueArb(depth), twice: fc.boolean() }) },
    { weight: 1, arbitrary: fc.constant({ t: 'returnThis' as const }) },
  );
}

/**
 * Hostile values nested up to `depth` levels: any leaf, objects (any prototype, throwing getters on
 * any key, frozen or sealed), arrays, functions that return junk or throw, Proxies, thenables,
 * objects branded as MiniErrors, and signals.
 */
export function valueArb(depth = 2): fc.Arbitrary<ValueSpec> {
  if (depth <= 0) return leafArb;
  const cached = valueArbs.get(depth);
  if (cached) return cached;
  const inner = valueArb(depth - 1);
  const entries = fc.array(entryArb(depth - 1), { maxLength: 4 });
  const arb: fc.Arbitrary<ValueSpec> = fc.oneof(
    { weight: 6, arbitrary: leafArb },
    {
      weight: 5,
      arbitrary: fc.record({
        k: fc.constant('object' as const),
        proto: fc.oneof(
          {
            weight: 8,
            arbitrary: fc.constantFrom<'object' | 'null' | 'array' | 'function' | 'error'>(
              'object',
              'object',
              'null',
              'array',
              'function',
              'error',
            ),
          },
          { weight: 1, arbitrary: inner },
        ),
        entries,
        seal: sealArb,
      }),
    },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('array' as const), items: fc.array(inner, { maxLength: 3 }), seal: sealArb }) },
    {
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('fn' as const),
        does: fnDoesArb(depth - 1),
        props: fc.array(entryArb(depth - 1), { maxLength: 2 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('proxy' as const),
        target: fc.constantFrom<'object' | 'function' | 'array'>('object', 'object', 'function', 'array'),
        entries: fc.array(entryArb(depth - 1), { maxLength: 3 }),
        traps: trapsArb(depth - 1),
        seal: sealArb,
      }),
    },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('thenable' as const), then: thenArb, v: inner }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('branded' as const), frozen: fc.boolean(), entries }) },
    { weight: 1, arbitrary: signalArb.map((s): ValueSpec => ({ k: 'signal', s })) },
  );
  valueArbs.set(depth, arb);
  return arb;
}

/** An object spec with the given entries (a plain object, frozen, sealed, prototype-free, or with a hostile prototype). */
export function objectArb(entries: fc.Arbitrary<EntrySpec[]>, depth = 1): fc.Arbitrary<Extract<ValueSpec, { k: 'object' }>> {
  return fc.record({
    k: fc.constant('object' as const),
    proto: fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom<'object' | 'null'>('object', 'object', 'object', 'null') },
      { weight: 1, arbitrary: valueArb(depth) },
    ),
    entries,
    seal: sealArb,
  });
}

// ---------------------------------------------------------------------------------------------
// Signals

export type SignalSpec =
  /** A real AbortController's signal, aborted before the call or `abortAt` ms in. */
  | { s: 'controller'; aborted: boolean; abortAt: number | undefined }
  /** `{ aborted, onabort }`, as a runtime without AbortController has: the page's own handler first, maybe frozen or sealed. */
  | { s: 'onabort'; aborted: boolean; previous: 'null' | 'function' | 'throws' | 'absent'; seal: Seal; abortAt: number | undefined }
  /** A signal whose `aborted` getter throws. */
  | { s: 'abortedThrows'; e: ThrowSpec; style: 'onabort' | 'eventTarget' }
  /** An EventTarget-like object whose methods may throw, be missing or not be functions. */
  | {
      s: 'eventTarget';
      aborted: boolean;
      add: 'ok' | 'throws' | 'notFunction';
      remove: 'ok' | 'throws' | 'missing' | 'notFunction';
      abortAt: number | undefined;
    }
  /** A Proxy over one of the shapes above. */
  | { s: 'proxy'; over: 'onabort' | 'eventTarget' | 'controller'; traps: TrapsSpec }
  | { s: 'revoked' };

const abortAtArb = fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined });

export const signalArb: fc.Arbitrary<SignalSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ s: fc.constant('controller' as const), aborted: fc.boolean(), abortAt: abortAtArb }) },
  {
    weight: 4,
    arbitrary: fc.record({
      s: fc.constant('onabort' as const),
      aborted: fc.boolean(),
      previous: fc.constantFrom<'null' | 'function' | 'throws' | 'absent'>('null', 'null', 'function', 'throws', 'absent'),
      seal: sealArb,
      abortAt: abortAtArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      s: fc.constant('abortedThrows' as const),
      e: throwArb,
      style: fc.constantFrom<'onabort' | 'eventTarget'>('onabort', 'eventTarget'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      s: fc.constant('eventTarget' as const),
      aborted: fc.boolean(),
      add: fc.constantFrom<'ok' | 'throws' | 'notFunction'>('ok', 'ok', 'throws', 'notFunction'),
      remove: fc.constantFrom<'ok' | 'throws' | 'missing' | 'notFunction'>('ok', 'ok', 'throws', 'missing', 'notFunction'),
      abortAt: abortAtArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      s: fc.constant('proxy' as const),
      over: fc.constantFrom<'onabort' | 'eventTarget' | 'controller'>('onabort', 'eventTarget', 'controller'),
      traps: trapsArb(0),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ s: 'revoked' as const }) },
);

/** A built signal, with what a test needs: its abort, and whether a call that ended left anything on it. */
export interface SignalHandle {
  spec: SignalSpec;
  signal: unknown;
  /** When (ms after the call starts) the test should abort it, if ever. */
  abortAt: number | undefined;
  /** Aborts it as its owner would (a throw of the page's own handler is swallowed). */
  abort(): void;
  /** What an ended call left on the signal (a listener, a handler in `onabort`), or undefined. */
  leftover(): string | undefined;
}

function sealed<T extends object>(value: T, seal: Seal): T {
  if (seal === 'freeze') Object.freeze(value);
  else if (seal === 'seal') Object.seal(value);
  else if (seal === 'preventExtensions') Object.preventExtensions(value);
  return value;
}

const swallow = (fn: () => void) => {
  try {
    fn();
  } catch (ignored) {
    // The page's own handler threw: its business, not the test's.
  }
};

export function buildSignal(spec: SignalSpec, ctx: BuildContext): SignalHandle {
  const handle = (signal: unknown, abort: () => void, leftover: () => string | undefined, abortAt?: number): SignalHandle => {
    const h: SignalHandle = { spec, signal, abortAt, abort: () => swallow(abort), leftover };
    ctx.signals.push(h);
    return h;
  };
  switch (spec.s) {
    case 'controller': {
      const controller = new AbortController();
      if (spec.aborted) controller.abort();
      return handle(
        controller.signal,
        () => controller.abort(),
        () => {
          const n = getEventListeners(controller.signal, 'abort').length;
          return n ? `${n} abort listener(s) left on the AbortSignal` : undefined;
        },
        spec.abortAt,
      );
    }
    case 'onabort': {
      const signal: Record<string, unknown> = { aborted: spec.aborted };
      const original =
        spec.previous === 'function'
          ? function pageHandler() {
              return 'page';
            }
          : spec.previous === 'throws'
            ? function throwingPageHandler() {
                throw thrownValue('error');
              }
            : spec.previous === 'null'
              ? null
              : undefined;
      if (spec.previous !== 'absent') signal.onabort = original;
      sealed(signal, spec.seal);
      return handle(
        signal,
        () => {
          swallow(() => (signal.aborted = true));
          const handler = signal.onabort;
          if (typeof handler === 'function') handler.call(signal, { type: 'abort' });
        },
        () =>
          signal.onabort !== original
            ? `onabort is ${typeof signal.onabort}, was ${original === null ? 'null' : typeof original}`
            : undefined,
        spec.abortAt,
      );
    }
    case 'abortedThrows': {
      const signal: Record<string, unknown> =
        spec.style === 'onabort' ? { onabort: null } : { addEventListener() {}, removeEventListener() {} };
      Object.defineProperty(signal, 'aborted', {
        get() {
          throw thrownValue(spec.e);
        },
        enumerable: true,
      });
      return handle(
        signal,
        () => undefined,
        () => undefined,
      );
    }
    case 'eventTarget': {
      const live = new Set<unknown>();
      const signal: Record<string, unknown> = { aborted: spec.aborted, onabort: null };
      signal.addEventListener =
        spec.add === 'notFunction'
          ? 'addEventListener'
          : function addEventListener(type: unknown, listener: unknown) {
              if (spec.add === 'throws') throw thrownValue('error');
              if (type === 'abort') live.add(listener);
            };
      if (spec.remove !== 'missing')
        signal.removeEventListener =
          spec.remove === 'notFunction'
            ? 42
            : function removeEventListener(type: unknown, listener: unknown) {
                if (spec.remove === 'throws') throw thrownValue('error');
                if (type === 'abort') live.delete(listener);
              };
      return handle(
        signal,
        () => {
          signal.aborted = true;
          for (const listener of Array.from(live)) if (typeof listener === 'function') listener({ type: 'abort' });
          if (typeof signal.onabort === 'function') (signal.onabort as () => void)();
        },
        () => {
          if (spec.add === 'notFunction') return signal.onabort !== null ? `onabort is ${typeof signal.onabort}, was null` : undefined;
          // A listener that cannot be taken off (removeEventListener throws or is missing) may stay.
          if (spec.remove !== 'ok') return undefined;
          return live.size ? `${live.size} abort listener(s) left` : undefined;
        },
        spec.abortAt,
      );
    }
    case 'proxy': {
      const inner = buildSignal(
        spec.over === 'controller'
          ? { s: 'controller', aborted: false, abortAt: undefined }
          : spec.over === 'onabort'
            ? { s: 'onabort', aborted: false, previous: 'null', seal: 'none', abortAt: undefined }
            : { s: 'eventTarget', aborted: false, add: 'ok', remove: 'ok', abortAt: undefined },
        newContext(),
      );
      const proxy = proxyOver(inner.signal as object, spec.traps, ctx);
      return handle(
        proxy,
        () => undefined,
        () => undefined,
      );
    }
    case 'revoked':
      return handle(
        revokedProxy(),
        () => undefined,
        () => undefined,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// Building

/** What building collected: the signals among the values, and what hostile code handed over or threw on purpose. */
export interface BuildContext {
  signals: SignalHandle[];
  /** Values passed to a `resolve` or other callback by thenables and functions built here. */
  produced: unknown[];
  /** Values functions built here threw, and thenables rejected with (not what a getter or trap threw when read). */
  reasons: unknown[];
}

export const newContext = (): BuildContext => ({ signals: [], produced: [], reasons: [] });

/** Defines `entries` on `target` as own properties (data, or getters that throw). */
export function defineEntries(target: any, entries: EntrySpec[], ctx: BuildContext): void {
  for (const entry of entries) {
    try {
      if ('getter' in entry) {
        const t = entry.getter;
        Object.defineProperty(target, entry.key, {
          get() {
            throw thrownBy(target, t);
          },
          enumerable: entry.enumerable,
          configurable: true,
        });
      } else {
        // Own data properties, `__proto__` included (as JSON.parse makes them), never a prototype change.
        Object.defineProperty(target, entry.key, { value: build(entry.v, ctx), enumerable: true, writable: true, configurable: true });
      }
    } catch (ignored) {
      // A key a function or an array refuses to redefine (`length`, `name`, `prototype`): left as it is.
    }
  }
}

function unstringable(via: Unstringable, e: ThrowSpec): unknown {
  const thrower = () => {
    throw thrownValue(e);
  };
  switch (via) {
    case 'toString':
      return { toString: thrower, valueOf: () => ({}) };
    case 'valueOf':
      return { valueOf: thrower, toString: thrower };
    case 'toPrimitive':
      return { [Symbol.toPrimitive]: thrower };
    case 'all':
      return { [Symbol.toPrimitive]: thrower, toString: thrower, valueOf: thrower, toJSON: thrower };
    case 'nullProto':
      return Object.create(null);
    case 'returnsObject':
      return { toString: () => ({}), valueOf: () => ({}) };
  }
}

function junkKeys(kind: KeysTrapSpec, target: object): any[] {
  switch (kind) {
    case 'junk':
      return [1, {}, null];
    case 'dupes':
      return ['success', 'success', 'timeout', 'timeout'];
    case 'extra':
      return [...Reflect.ownKeys(target), 'success', 'timeout', '__proto__', 'constructor'];
    default:
      return [];
  }
}

/** A Proxy over `target` whose traps do as `traps` says. */
export function proxyOver(target: object, traps: TrapsSpec, ctx: BuildContext): any {
  const handler: ProxyHandler<any> = {};
  let proxy: any;
  const throwing = () => {
    throw thrownBy(proxy, 'error');
  };
  // A trap that is not 'pass' throws, or answers the same junk whatever it is asked.
  const trap = (spec: Exclude<TrapSpec, 'pass'>): (() => any) => {
    if (spec === 'throw') return throwing;
    const junk = build(spec.junk, ctx);
    return () => junk;
  };
  if (traps.get !== 'pass') handler.get = trap(traps.get);
  if (traps.has !== 'pass') handler.has = trap(traps.has);
  if (traps.getOwnPropertyDescriptor !== 'pass') handler.getOwnPropertyDescriptor = trap(traps.getOwnPropertyDescriptor);
  if (traps.apply !== 'pass' && typeof target === 'function') handler.apply = trap(traps.apply);
  if (traps.ownKeys === 'throw') handler.ownKeys = throwing;
  else if (traps.ownKeys !== 'pass') {
    const kind = traps.ownKeys;
    handler.ownKeys = (t) => junkKeys(kind, t);
  }
  if (traps.getPrototypeOf === 'throw') handler.getPrototypeOf = throwing;
  if (traps.set === 'throw') handler.set = throwing;
  else if (traps.set === 'false') handler.set = () => false;
  return (proxy = new Proxy(target, handler));
}

function thenable(then: ThenSpec, spec: ValueSpec, ctx: BuildContext): unknown {
  const v = () => build(spec, ctx);
  const produce = () => {
    const value = v();
    ctx.produced.push(value);
    return value;
  };
  const reason = (value: unknown) => {
    ctx.reasons.push(markThrown(value));
    return value;
  };
  switch (then) {
    case 'getterThrows': {
      const target = {};
      return Object.defineProperty(target, 'then', {
        get() {
          throw thrownBy(target, 'error');
        },
        enumerable: true,
      });
    }
    case 'throws':
      return {
        then() {
          throw reason(thrownValue('error'));
        },
      };
    case 'rejects':
      return {
        then(_resolve: unknown, reject: (e: unknown) => void) {
          reject(reason(v()));
        },
      };
    case 'resolves':
      return {
        then(resolve: (v: unknown) => void) {
          resolve(produce());
        },
      };
    case 'resolvesLater':
      return {
        then(resolve: (v: unknown) => void) {
          // A caller that hands no function gets nothing (and no unhandled rejection of this thenable's own making).
          Promise.resolve()
            .then(() => resolve(produce()))
            .catch(() => undefined);
        },
      };
    case 'never':
      return { then() {} };
    case 'notFunction':
      return { then: v() };
    case 'twice':
      return {
        then(resolve: (v: unknown) => void, reject: (e: unknown) => void) {
          resolve(produce());
          reject(reason(v()));
          resolve(produce());
        },
      };
  }
}

function builtin(which: Builtin, ctx: BuildContext): unknown {
  switch (which) {
    case 'date':
      return new Date(0);
    case 'invalidDate':
      return new Date(NaN);
    case 'regexp':
      return /constructor|__proto__/g;
    case 'map':
      return new Map<unknown, unknown>([['success', 1]]);
    case 'set':
      return new Set(['constructor']);
    case 'weakMap':
      return new WeakMap();
    case 'promiseRejected': {
      const p = Promise.reject(thrownValue('error'));
      p.catch(() => undefined); // rejected, but not unhandled on the test's account
      return p;
    }
    case 'promiseNever':
      return new Promise(() => undefined);
    case 'promiseResolved':
      ctx.produced.push('hostile: resolved');
      return Promise.resolve('hostile: resolved');
    case 'abortedSignal':
      return AbortSignal.abort();
    case 'arrayBuffer':
      return new ArrayBuffer(8);
    case 'uint8Array':
      return new Uint8Array([0, 255]);
    case 'boxedString':
      return new String('request');
    case 'boxedNumber':
      return new Number(NaN);
    case 'boxedSymbol':
      return Object(Symbol('boxed'));
    case 'objectPrototype':
      return Object.prototype;
    case 'functionPrototype':
      return Function.prototype;
    case 'arrayPrototype':
      return Array.prototype;
    case 'math':
      return Math;
    case 'json':
      return JSON;
  }
}

/** A function that does as `does` says. */
export function hostileFunction(does: FnDoes, ctx: BuildContext): (...args: unknown[]) => unknown {
  return function hostile(this: unknown, ...args: unknown[]) {
    switch (does.t) {
      case 'return':
        return build(does.v, ctx);
      case 'throw': {
        const e = thrownValue(does.e);
        ctx.reasons.push(e);
        throw e;
      }
      case 'callArgs':
        for (const arg of args) {
          if (typeof arg !== 'function') continue;
          for (let i = does.twice ? 2 : 1; i > 0; i--) {
            const value = build(does.v, ctx);
            ctx.produced.push(value);
            arg(value);
          }
        }
        return undefined;
      case 'returnThis':
        return this;
    }
  };
}

/** A fresh hostile value from its spec; the signals it holds are added to `ctx`. */
export function build(spec: ValueSpec, ctx: BuildContext = newContext()): unknown {
  switch (spec.k) {
    case 'prim':
      return spec.v;
    case 'bigint':
      return BigInt(spec.v);
    case 'big':
      return spec.s.repeat(spec.n);
    case 'symbol':
      return Symbol(spec.d);
    case 'unstringable':
      return unstringable(spec.via, spec.e);
    case 'object': {
      const proto = spec.proto;
      const target: any =
        proto === 'null'
          ? Object.create(null)
          : proto === 'array'
            ? []
            : proto === 'function'
              ? function () {}
              : proto === 'error'
                ? new Error('hostile: an Error as an object')
                : {};
      if (typeof proto === 'object') {
        const p = build(proto, ctx);
        if (isObjectLike(p) || p === null) {
          try {
            Object.setPrototypeOf(target, p);
          } catch (ignored) {
            // A prototype the engine refuses (a cycle): the object keeps its own.
          }
        }
      }
      defineEntries(target, spec.entries, ctx);
      return sealed(target, spec.seal);
    }
    case 'array':
      return sealed(
        spec.items.map((item) => build(item, ctx)),
        spec.seal,
      );
    case 'fn': {
      const fn = hostileFunction(spec.does, ctx);
      defineEntries(fn, spec.props, ctx);
      return fn;
    }
    case 'proxy': {
      const target: any = spec.target === 'function' ? function () {} : spec.target === 'array' ? [] : {};
      defineEntries(target, spec.entries, ctx);
      return proxyOver(sealed(target, spec.seal), spec.traps, ctx);
    }
    case 'revoked':
      return revokedProxy(spec.target === 'function' ? function () {} : {});
    case 'thenable':
      return thenable(spec.then, spec.v, ctx);
    case 'json':
      return JSON.parse(spec.text);
    case 'branded': {
      const target: any = { [MINI_ERROR_BRAND]: true };
      defineEntries(target, spec.entries, ctx);
      return spec.frozen ? Object.freeze(target) : target;
    }
    case 'thrown':
      return thrownValue(spec.e);
    case 'builtin':
      return builtin(spec.which, ctx);
    case 'signal':
      return buildSignal(spec.s, ctx).signal;
  }
}

// ---------------------------------------------------------------------------------------------
// Guards for the tests' own checks, which must not trip over the hostile values they look at.

/** `String(value)` for a report, whatever the value. */
export function safeString(value: unknown): string {
  try {
    if (typeof value === 'string') return JSON.stringify(value.length > 200 ? value.slice(0, 200) + '…' : value);
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    return String(value);
  } catch (thrown) {
    return `<${typeof value} that cannot be shown>`;
  }
}

/** `value instanceof TypeError && /^minicall: /.test(value.message)`, without throwing for a revoked Proxy. */
export function isMinicallTypeError(value: unknown): boolean {
  try {
    return value instanceof TypeError && typeof value.message === 'string' && /^minicall: /.test(value.message);
  } catch (thrown) {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The built-in prototypes must come out of every run as they went in.

const WATCHED: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Function.prototype', Function.prototype],
  ['Array.prototype', Array.prototype],
];

type Snapshot = Map<object, Map<PropertyKey, PropertyDescriptor>>;

/** The own properties of Object.prototype, Function.prototype and Array.prototype, descriptors included. */
export function snapshotPrototypes(): Snapshot {
  const snapshot: Snapshot = new Map();
  for (const [, proto] of WATCHED) {
    const props = new Map<PropertyKey, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(proto)) props.set(key, Object.getOwnPropertyDescriptor(proto, key)!);
    snapshot.set(proto, props);
  }
  return snapshot;
}

/**
 * What changed on the prototypes since `before` (empty when nothing did). Whatever changed is put
 * back, so that one failing run does not poison the runs after it.
 */
export function prototypeChanges(before: Snapshot): string[] {
  const changes: string[] = [];
  for (const [name, proto] of WATCHED) {
    const was = before.get(proto)!;
    for (const key of Reflect.ownKeys(proto)) {
      if (!was.has(key)) {
        changes.push(`${name} gained ${String(key)}`);
        Reflect.deleteProperty(proto, key);
      }
    }
    for (const [key, descriptor] of was) {
      const now = Object.getOwnPropertyDescriptor(proto, key);
      const same =
        !!now &&
        now.value === descriptor.value &&
        now.get === descriptor.get &&
        now.set === descriptor.set &&
        now.writable === descriptor.writable &&
        now.enumerable === descriptor.enumerable;
      if (!same) {
        changes.push(`${name}.${String(key)} changed`);
        Object.defineProperty(proto, key, descriptor);
      }
    }
    if (Object.getPrototypeOf(proto) !== (proto === Object.prototype ? null : Object.prototype)) {
      changes.push(`${name}'s prototype changed`);
    }
  }
  return changes;
}
