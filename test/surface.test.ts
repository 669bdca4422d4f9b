// Every function @mini-types/my declares, called through `createClient({ my }).api` over a host that
// records what it receives: promised when the typings say callback-style, handed the caller's own
// arguments and answered at once otherwise. One case per function, so a regression names its API.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createClient } from '../src/index';
import { USER_PACED, SILENT_ON_DISMISSAL, styleOf } from '../src/platforms/alipay-styles';
import { DIRECT_STYLE, PROMISED_STYLE, USER_PACED_STYLE } from '../src/platforms/adapter';

type Style = 'p' | 's' | 'l' | 'o' | 'v';
const table: Record<string, Style> = JSON.parse(
  execFileSync(process.execPath, [join(__dirname, '../scripts/gen-surface.mjs'), '--json'], { encoding: 'utf8' }),
);
const names = Object.keys(table);
const WORDS: Record<Style, string> = {
  p: 'promised',
  s: 'a synchronous value, answered at once',
  l: 'a listener (or the bridge), handed the function as given',
  o: 'an object returned at once',
  v: 'void, called at once',
};
// Payments report their outcome inside `success`: a real host's success answer carries it.
const answerOf = (name: string) =>
  Object.assign({ answeredBy: name }, { tradePay: { resultCode: '9000' }, paySignCenter: { resultStatus: '7000' } }[name]);
const userPaced = Object.keys(USER_PACED).flatMap((group) => USER_PACED[group].split(','));

/** A host with every declared function, nested namespaces included, recording each invocation. */
function recordingHost() {
  const calls: { name: string; args: unknown[] }[] = [];
  const host: Record<string, any> = {};
  for (const name of names) {
    const path = name.split('.');
    let owner = host;
    for (const part of path.slice(0, -1)) owner = owner[part] = owner[part] || {};
    owner[path[path.length - 1]] = (...args: any[]) => {
      calls.push({ name, args });
      const options = args[0];
      if (options && typeof options.success === 'function') setTimeout(() => options.success(answerOf(name)), 0);
      return { returnedBy: name };
    };
  }
  return { host, calls };
}

it('reads all 304 functions of @mini-types/my 3.0.14, in my, my.ap and my.cloud', () => {
  expect(names).toHaveLength(304);
  expect(names.filter((n) => n.startsWith('ap.'))).toHaveLength(20);
  expect(names.filter((n) => n.startsWith('cloud.'))).toEqual(['cloud.createCloudContext']);
});

describe.each(names.map((name) => [name, WORDS[table[name]], table[name]] as const))('my.%s', (name, words, style) => {
  it(`is ${words}`, async () => {
    const { host, calls } = recordingHost();
    const { api } = createClient({ my: host, toast: false, retry: false });
    const fn = (api as any)[name];
    const arg = style === 'l' ? () => undefined : { probe: name };
    const result = fn(arg);
    expect(calls).toHaveLength(1);
    expect(calls[0].name).toBe(name);
    if (style === 'p') {
      expect(result).toBeInstanceOf(Promise);
      // The host got the caller's options, with minicall's callbacks added.
      expect(calls[0].args).toEqual([
        { probe: name, success: expect.any(Function), fail: expect.any(Function), complete: expect.any(Function) },
      ]);
      await expect(result).resolves.toEqual(answerOf(name));
    } else {
      expect(result).toEqual({ returnedBy: name });
      expect(calls[0].args).toEqual([arg]);
      expect(calls[0].args[0]).toBe(arg);
    }
  });
});

describe('the user-paced table', () => {
  it('names only promised functions, each once', () => {
    for (const name of userPaced) expect(`${name}: ${table[name]}`).toBe(`${name}: p`);
    expect(new Set(userPaced).size).toBe(userPaced.length);
  });

  it('gives each of them the user-paced style, and every other promised function the promised style', () => {
    for (const name of names) {
      const expected = table[name] !== 'p' ? DIRECT_STYLE : userPaced.includes(name) ? USER_PACED_STYLE : PROMISED_STYLE;
      expect(`${name}: ${styleOf(name)}`).toBe(`${name}: ${expected}`);
    }
  });

  it('holds every API documented as silent on dismissal', () => {
    for (const name of SILENT_ON_DISMISSAL.split(',')) expect(userPaced).toContain(name);
  });
});

it('keeps names that are Object.prototype members out of the table', () => {
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(styleOf(name)).toBe(PROMISED_STYLE);
});

describe('functions that answer synchronously although they look asynchronous', () => {
  afterEach(() => jest.useRealTimers());

  it.each([
    'getMenuButtonBoundingClientRect',
    'getLeftButtonsBoundingClientRect',
    'getGeocoder',
    'getParentAppId',
    'showSharePanel',
    'cloud.createCloudContext',
  ])('%s returns its value at once: no timer, no toast, no loading', (name) => {
    jest.useFakeTimers();
    const { host, calls } = recordingHost();
    const shown: string[] = [];
    host.showToast = host.showLoading = (o: { content: string }) => shown.push(o.content);
    const { api } = createClient({ my: host, loading: true });
    expect((api as any)[name]({ env: 'prod' })).toEqual({ returnedBy: name });
    expect(calls.map((c) => c.name)).toEqual([name]);
    expect(jest.getTimerCount()).toBe(0);
    expect(shown).toEqual([]);
  });
});
