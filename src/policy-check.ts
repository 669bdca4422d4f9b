import { hasEnglish } from './locales/hints.js';
import type { Step } from './pipeline.js';
import { DEFAULT_RETRY, type ResolvedPolicy } from './policy.js';
import { isFunction, isObject, own } from './util.js';

// Validating and merging policies: every option a page passes is checked here, once, and a wrong
// one is a TypeError that names it. Platform keys (`my`, `upsdk`…) come from the client's adapter.

/**
 * What each option may be, as the first letters of the `typeof`s it accepts (n: a number of ms,
 * b: boolean, f: function, s: string, o: object); `l` is a locale, `a` a count of attempts,
 * `F` false. Keys inside `retry` are prefixed `retry.`, inside `trade` and `sign` `.`.
 */
const TYPES: Record<string, string> = {
  timeout: 'n',
  toast: 'bf',
  locale: 'l',
  messages: 'o',
  onEvent: 'f',
  loading: 'bs',
  idempotent: 'b',
  signal: 'o',
  retry: 'oF',
  trade: 'o',
  sign: 'o',
  'retry.attempts': 'a',
  'retry.baseDelay': 'n',
  'retry.maxDelay': 'n',
  'retry.maxElapsed': 'n',
  '.query': 'f',
  '.maxWait': 'n',
  '.interval': 'n',
  '.verify': 'b',
};
const WORDS: Record<string, string> = {
  n: 'a number of ms ≥ 0',
  b: 'a boolean',
  f: 'a function',
  s: 'a string',
  o: 'an object',
  F: 'false',
  l: "'zh-CN', or 'en' after `import 'minicall/en'`",
  a: 'a whole number ≥ 1',
};

const TYPEOF: Record<string, string> = { b: 'boolean', f: 'function', s: 'string', o: 'object' };

function valid(type: string, v: any): boolean {
  if (type === 'n') return typeof v === 'number' && v >= 0 && v < Infinity;
  if (type === 'a') return typeof v === 'number' && v >= 1 && v % 1 === 0;
  if (type === 'l') return v === 'zh-CN' || (v === 'en' && hasEnglish());
  if (type === 'F') return v === false;
  return typeof v === TYPEOF[type] && v !== null;
}

function check(name: string, value: unknown, types: string | undefined): void {
  if (!types) throw new TypeError(`minicall: unknown option \`${name}\`.`);
  if (!types.split('').some((type) => valid(type, value))) {
    // The value itself where it is short and safe to show (a misspelt locale), else its type.
    const got =
      typeof value === 'number' || value === null ? value : typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
    throw new TypeError(
      `minicall: expected \`${name}\` to be ${types
        .split('')
        .map((t) => WORDS[t])
        .join(' or ')}, got ${got}.`,
    );
  }
}

/**
 * The own entries of a caller's object, each read once. A key that throws when read (a getter, a
 * revoked Proxy) is a TypeError that names it, never an unrelated one from deeper inside.
 */
function entriesOf(object: object, name: string): [string, any][] {
  let keys: string[];
  try {
    keys = Object.keys(object);
  } catch (thrown) {
    throw new TypeError(`minicall: the ${name} could not be read.`);
  }
  return keys.map((key): [string, any] => {
    try {
      return [key, (object as Record<string, unknown>)[key]];
    } catch (thrown) {
      throw new TypeError(`minicall: \`${key}\` of the ${name} could not be read.`);
    }
  });
}

/** A copy of a page's steps, read once; anything but an array of functions is a TypeError. */
function stepsOf(value: unknown): Step[] {
  try {
    if (Array.isArray(value)) {
      const steps: Step[] = Array.prototype.slice.call(value);
      if (steps.every(isFunction)) return steps;
    }
  } catch (thrown) {
    // A revoked Proxy or a throwing element: not a list of steps either.
  }
  throw new TypeError('minicall: expected `steps` to be an array of steps (functions), as `[paymentFollowUp]`.');
}

/** Whether a step declares that it reads option `key` (as the payment follow-up reads `trade`). */
function reads(step: Step, key: string): boolean {
  try {
    return Array.isArray(step.reads) && step.reads.indexOf(key) >= 0;
  } catch (thrown) {
    return false;
  }
}

/**
 * Validates `input` and merges it over `base`; partial `retry`, `trade` and `sign` objects merge
 * too. `platform`: the client's own config keys, accepted by `configure` only.
 */
export function resolvePolicy(base: ResolvedPolicy, input: unknown, name = 'config', platform?: Record<string, string>): ResolvedPolicy {
  if (input === undefined) return base;
  if (!isObject(input))
    throw new TypeError(`minicall: expected the ${name} to be an object, got ${input === null ? 'null' : typeof input}.`);
  const out: Record<string, any> = Object.assign({}, base);
  for (let [key, value] of entriesOf(input, name)) {
    if (value === undefined) continue;
    // Only the keys above without a dot are options of their own; the others live inside one.
    if (key === 'steps') value = stepsOf(value);
    else check(key, value, key.indexOf('.') < 0 ? own(TYPES, key) || own(platform, key) : undefined);
    if (key === 'messages') {
      // The page's own hints, copied: strings by key, in a map that no key can reach past.
      const hints: Record<string, string> = Object.create(null);
      for (const [code, hint] of entriesOf(value, '`messages`')) {
        if (typeof hint !== 'string')
          throw new TypeError(`minicall: expected \`messages\` to map to strings, got ${typeof hint} for \`${code}\`.`);
        hints[code] = hint;
      }
      value = hints;
    }
    if (isObject(value) && (key === 'retry' || key === 'trade' || key === 'sign')) {
      // Partial objects merge over what the client has: `retry: { baseDelay: 10 }` keeps 3 attempts.
      const merged = Object.assign({}, key === 'retry' ? out.retry || DEFAULT_RETRY : out[key]);
      const prefix = key === 'retry' ? 'retry.' : '.';
      for (const [k, v] of entriesOf(value, '`' + key + '`')) {
        if (v === undefined) continue;
        check(key + '.' + k, v, own(TYPES, prefix + k));
        merged[k] = v;
      }
      if (key !== 'retry') check(key + '.query', merged.query, TYPES['.query']);
      value = merged;
    }
    out[key] = value;
  }
  // `trade` and `sign` are read only by the payment follow-up, which a page adds itself.
  for (const key of ['trade', 'sign']) {
    if (out[key] && !out.steps.some((step: Step) => reads(step, key)))
      throw new TypeError(
        `minicall: \`${key}\` needs the payment follow-up step: import { paymentFollowUp } from 'minicall/payment' and add it to \`steps\`.`,
      );
  }
  return out as ResolvedPolicy;
}
