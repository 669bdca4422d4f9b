// MiniError: its fields, its message, what it shows in logs, minicall's own codes, and the
// validation of bad input.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { call, classify, configure, createClient, describe as describeCode, isMiniError, MiniError } from '../src/index';
import minicallCatalog from '../src/catalog/minicall.data';
import { createFakeMy } from '../src/testing/index';
import { checkUnionPayResponse } from '../src/platforms/unionpay/index';
import { rejectionOf } from './helpers/outcome';

const clientOver = (host: object, config: object = {}) => createClient({ my: host, retry: false, toast: false, ...config });

/** A host whose `request` fails with `payload`. */
const failingRequest = (payload: unknown) => ({ request: (o: { fail: (e: unknown) => void }) => setTimeout(() => o.fail(payload), 0) });

afterEach(() => {
  jest.useRealTimers();
});

describe('MiniError', () => {
  it('is an Error named MiniError with a stack', async () => {
    const error = await rejectionOf(clientOver(createFakeMy().fail('request', 13)).call('request', { url: 'u' }));
    expect(error).toBeInstanceOf(MiniError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('MiniError');
    expect(typeof error.stack).toBe('string');
    expect(Object.prototype.toString.call(error)).toBe('[object Error]');
  });

  it('carries platform, api (without `my.`), code, kind, entry, hint, raw and attempts', async () => {
    const payload = { error: 13, errorMessage: '超时。' };
    const error = await rejectionOf(clientOver(failingRequest(payload)).call('my.request' as any, { url: 'u' }));
    const entry = describeCode('request', 13)!;
    expect(entry).toBeDefined();
    expect(error.platform).toBe('alipay');
    expect(error.api).toBe('request');
    expect(error.code).toBe(13);
    expect(error.kind).toBe('retryable');
    expect(error.entry).toEqual(entry);
    expect(error.hint).toBe(entry.hint);
    expect(error.raw).toBe(payload);
    expect(error.attempts).toBe(1);
  });

  it('starts its message with `my.<api> failed: <code> <catalog message>`', async () => {
    const error = await rejectionOf(clientOver(failingRequest({ error: 13, errorMessage: '超时。' })).call('request', { url: 'u' }));
    expect(error.message.startsWith('my.request failed: 13 超时。')).toBe(true);
  });

  it('ends its message with the command that explains the code for that API', async () => {
    const error = await rejectionOf(clientOver(failingRequest({ error: 13, errorMessage: '超时。' })).call('request', { url: 'u' }));
    // The platform's text equals the catalog's: it is not repeated.
    expect(error.message).toBe('my.request failed: 13 超时。 — npx minicall explain 13 --api request');
  });

  it('says "undocumented code" when neither the catalog nor the platform explains it', async () => {
    const error = await rejectionOf(clientOver(failingRequest({ error: 987654 })).call('request', { url: 'u' }));
    expect(error.message).toBe('my.request failed: 987654 undocumented code — npx minicall explain 987654 --api request');
  });

  it('names the UnionPay platform in the command for a UnionPay server code', () => {
    let error: any;
    try {
      checkUnionPayResponse({ resp: 'a31', msg: '不合法的授权code，或已过期' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error.message).toBe('UnionPay failed: a31 不合法的授权code，或已过期 — npx minicall explain a31 --platform unionpay');
  });

  it("adds the platform's own text to the message when it differs from the catalog's", async () => {
    const error = await rejectionOf(
      clientOver(failingRequest({ error: 13, errorMessage: 'request:fail socket timeout' })).call('request', { url: 'u' }),
    );
    expect(error.message.startsWith('my.request failed: 13 超时。')).toBe(true);
    expect(error.message).toContain('request:fail socket timeout');
  });

  it('looks the code up for the API that failed: the same code means different things', async () => {
    const fromRequest = await rejectionOf(clientOver(failingRequest({ error: 11 })).call('request', { url: 'u' }));
    const chooser = { chooseImage: (o: { fail: (e: unknown) => void }) => o.fail({ error: 11 }) };
    const fromChooseImage = await rejectionOf(clientOver(chooser).call('chooseImage', {}));
    expect(fromRequest.kind).toBe('fatal');
    expect(fromChooseImage.kind).toBe('cancel');
    expect(fromRequest.entry).toEqual(describeCode('request', 11));
    expect(fromChooseImage.entry).toEqual(describeCode('chooseImage', 11));
    expect(fromChooseImage.message.startsWith('my.chooseImage failed: 11 用户取消操作。')).toBe(true);
  });

  it('has no entry and the generic hint for its kind when the code is undocumented', async () => {
    const error = await rejectionOf(clientOver(failingRequest({ error: 987654, errorMessage: 'odd' })).call('request', { url: 'u' }));
    expect(error.code).toBe(987654);
    expect(error.entry).toBeUndefined();
    expect(error.kind).toBe('fatal');
    expect(error.hint).toBe(minicallCatalog.kindHints!.fatal);
    expect(error.message.startsWith('my.request failed: 987654 odd')).toBe(true);
  });

  it('counts every invocation in attempts', async () => {
    const fake = createFakeMy().fail('request', 13);
    const client = createClient({ my: fake, toast: false, retry: { attempts: 3, baseDelay: 0, maxDelay: 0 } });
    const error = await rejectionOf(client.call('request', { url: 'u', method: 'GET' }));
    expect(fake.count('request')).toBe(3);
    expect(error.attempts).toBe(3);
  });
});

describe("minicall's own codes", () => {
  it('UNSUPPORTED (fatal): the host has no such function', async () => {
    const error = await rejectionOf(clientOver({}).call('request', { url: 'u' }));
    expect(error).toMatchObject({ code: 'UNSUPPORTED', kind: 'fatal', api: 'request', platform: 'alipay' });
    expect(error.entry).toMatchObject({ code: 'UNSUPPORTED', kind: 'fatal' });
    expect(error.hint).toBe(error.entry.hint);
    expect(error.message.startsWith(`my.request failed: UNSUPPORTED ${error.entry.message}`)).toBe(true);
  });

  it('counts no attempt when the host function was never called (missing, or already aborted)', async () => {
    expect((await rejectionOf(clientOver({}).call('request', { url: 'u' }))).attempts).toBe(0);
    const host = { request: jest.fn() };
    const aborted = await rejectionOf(clientOver(host).call('request', { url: 'u' }, { signal: { aborted: true } }));
    expect(aborted).toMatchObject({ code: 'ABORTED', attempts: 0 });
    expect(host.request).not.toHaveBeenCalled();
  });

  it('TIMEOUT (retryable): no callback within `timeout`', async () => {
    jest.useFakeTimers();
    const promise = rejectionOf(clientOver(createFakeMy().hang('request')).call('request', { url: 'u' }, { timeout: 100 }));
    await jest.advanceTimersByTimeAsync(100);
    const error = await promise;
    expect(error).toMatchObject({ code: 'TIMEOUT', kind: 'retryable', attempts: 1 });
    expect(error.entry).toMatchObject({ code: 'TIMEOUT', kind: 'retryable' });
    expect(error.raw).toBeUndefined();
    expect(error.message.startsWith(`my.request failed: TIMEOUT ${error.entry.message}`)).toBe(true);
  });

  it("ABORTED (cancel): the caller's signal aborted", async () => {
    const controller = new AbortController();
    const promise = clientOver(createFakeMy().hang('request')).call('request', { url: 'u' }, { signal: controller.signal });
    controller.abort();
    const error = await rejectionOf(promise);
    expect(error).toMatchObject({ code: 'ABORTED', kind: 'cancel' });
    expect(error.entry).toMatchObject({ code: 'ABORTED', kind: 'cancel' });
  });

  it('INVALID_ARGUMENT (fatal): options that are not an object', async () => {
    const error = await rejectionOf(clientOver(createFakeMy()).call('request', 'x' as any));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', kind: 'fatal', api: 'request' });
    expect(error.entry).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('UNKNOWN (fatal): a failure with no code', async () => {
    const error = await rejectionOf(clientOver(failingRequest({ errorMessage: 'no code here' })).call('request', { url: 'u' }));
    expect(error).toMatchObject({ code: 'UNKNOWN', kind: 'fatal' });
    expect(error.entry).toMatchObject({ code: 'UNKNOWN' });
    expect(error.message).toContain('no code here');
  });
});

describe('toJSON', () => {
  it('gives a plain object with what a log needs', async () => {
    const error = await rejectionOf(clientOver(failingRequest({ error: 13, errorMessage: 'timeout' })).call('request', { url: 'u' }));
    const json = error.toJSON();
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    expect(json).toMatchObject({
      name: 'MiniError',
      message: error.message,
      platform: 'alipay',
      api: 'request',
      code: 13,
      kind: 'retryable',
      hint: error.hint,
      attempts: 1,
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual(json);
  });

  it('leaves out request bodies, response data and auth codes', async () => {
    const payload = {
      error: 19,
      errorMessage: 'http status error',
      status: 502,
      data: { secret: 'RESPONSE-SECRET-42' },
      headers: { 'set-cookie': 'session=COOKIE-SECRET' },
    };
    const error = await rejectionOf(
      clientOver(failingRequest(payload)).call('request', {
        url: 'https://a.example/login',
        method: 'POST',
        data: { authCode: 'AUTH-CODE-SECRET', password: 'PASSWORD-SECRET' },
      }),
    );
    const text = JSON.stringify(error);
    expect(error.raw).toBe(payload);
    for (const secret of ['RESPONSE-SECRET-42', 'COOKIE-SECRET', 'AUTH-CODE-SECRET', 'PASSWORD-SECRET', 'authCode']) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(text)).toMatchObject({ code: 19, api: 'request' });
  });

  it('has exactly the fields a log needs, none of them undefined', async () => {
    const error = await rejectionOf(clientOver(failingRequest({ error: 13, errorMessage: 'timeout' })).call('request', { url: 'u' }));
    // request 13 (a timeout) carries the catalog's action, checkNetwork.
    expect(Object.keys(error.toJSON())).toEqual(['name', 'message', 'platform', 'api', 'code', 'kind', 'hint', 'attempts', 'action']);
    expect(error.toJSON().action).toBe('checkNetwork');
  });

  it('keeps a numeric status or statusCode, and no status that is not a number', async () => {
    const withStatusCode = await rejectionOf(clientOver(failingRequest({ error: 19, statusCode: 502 })).call('request', { url: 'u' }));
    expect(withStatusCode.toJSON().status).toBe(502);
    const withText = await rejectionOf(clientOver(failingRequest({ error: 19, status: '503' })).call('request', { url: 'u' }));
    expect('status' in withText.toJSON()).toBe(false);
  });

  it('keeps the HTTP status of a failed request', async () => {
    const error = await rejectionOf(
      clientOver(failingRequest({ error: 19, errorMessage: 'http status error', status: 503, data: 'body' })).call('request', { url: 'u' }),
    );
    expect(error.toJSON().status).toBe(503);
  });

  it('leaves out the auth code of a getAuthCode answer', async () => {
    const host = {
      getAuthCode: (o: { fail: (e: unknown) => void }) => o.fail({ error: 11, errorMessage: 'x', authCode: 'AUTH-IN-RAW' }),
    };
    const error = await rejectionOf(clientOver(host).call('getAuthCode', { scopes: 'auth_user' }));
    expect(JSON.stringify(error)).not.toContain('AUTH-IN-RAW');
  });
});

describe('isMiniError', () => {
  it('holds for a MiniError and not for look-alikes', async () => {
    const error = await rejectionOf(clientOver({}).call('request', { url: 'u' }));
    expect(isMiniError(error)).toBe(true);
    expect(isMiniError(new Error('x'))).toBe(false);
    expect(isMiniError({ name: 'MiniError', code: 13, kind: 'retryable' })).toBe(false);
    expect(isMiniError(Object.assign(new Error('x'), { name: 'MiniError' }))).toBe(false);
    expect(isMiniError(null)).toBe(false);
    expect(isMiniError(undefined)).toBe(false);
    expect(isMiniError('MiniError')).toBe(false);
  });

  it('holds between the built CJS bundle and the source', async () => {
    const dist = join(__dirname, '../dist/cjs/index.js');
    if (!existsSync(dist)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    const built = require(dist) as typeof import('../src/index');
    const fromBuilt = await rejectionOf(built.createClient({ my: {}, retry: false, toast: false }).call('request', { url: 'u' }));
    const fromSource = await rejectionOf(clientOver({}).call('request', { url: 'u' }));
    expect(fromBuilt instanceof MiniError).toBe(false);
    expect(isMiniError(fromBuilt)).toBe(true);
    expect(built.isMiniError(fromSource)).toBe(true);
  });
});

describe('describe and classify', () => {
  it('explain a code for an API, with or without `my.`', () => {
    expect(classify('request', 13)).toBe('retryable');
    expect(classify('chooseImage', 11)).toBe('cancel');
    expect(describeCode('my.request', '13')).toMatchObject({ code: 13, kind: 'retryable', message: '超时。' });
  });

  it('call an undocumented code fatal, with no entry', () => {
    expect(describeCode('request', 987654)).toBeUndefined();
    expect(classify('request', 987654)).toBe('fatal');
  });
});

describe('bad input', () => {
  const client = () => clientOver(createFakeMy());

  it.each([
    ['an empty API name', () => client().call('' as any)],
    ['a null API name', () => client().call(null as any)],
    ['a numeric API name', () => client().call(42 as any)],
    ['string options', () => client().call('request', 'x' as any)],
    ['null options', () => client().call('request', null as any)],
    ['numeric options', () => client().call('request', 5 as any)],
  ])('rejects (does not throw) with INVALID_ARGUMENT for %s', async (_what, makeCall) => {
    let promise!: Promise<unknown>;
    expect(() => {
      promise = makeCall();
    }).not.toThrow();
    const error = await rejectionOf(promise);
    expect(isMiniError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', kind: 'fatal' });
  });

  it('does not invoke the host for invalid options', async () => {
    const fake = createFakeMy();
    await rejectionOf(clientOver(fake).call('request', 'x' as any));
    expect(fake.calls).toHaveLength(0);
  });

  it('rejects the top-level call with INVALID_ARGUMENT for an empty name', async () => {
    const error = await rejectionOf(call('' as any));
    expect(error).toMatchObject({ name: 'MiniError', code: 'INVALID_ARGUMENT' });
  });

  it('rejects with a TypeError naming `timeout` for a negative timeout', async () => {
    const fake = createFakeMy();
    let promise!: Promise<unknown>;
    expect(() => {
      promise = clientOver(fake).call('request', {} as any, { timeout: -1 });
    }).not.toThrow();
    const error = await rejectionOf(promise);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('timeout');
    expect(fake.calls).toHaveLength(0);
  });

  it('rejects with a TypeError naming an unknown per-call option', async () => {
    const error = await rejectionOf(clientOver(createFakeMy()).call('request', { url: 'u' }, { tiemout: 5 } as any));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('tiemout');
  });

  it('throws a TypeError naming `my` for createClient({ my: null })', () => {
    expect(() => createClient({ my: null as any })).toThrow(TypeError);
    expect(() => createClient({ my: null as any })).toThrow(/`my`/);
  });

  it('throws a TypeError naming `retry.attempts` for configure({ retry: { attempts: 0 } })', () => {
    expect(() => configure({ retry: { attempts: 0 } })).toThrow(TypeError);
    expect(() => configure({ retry: { attempts: 0 } })).toThrow(/retry\.attempts/);
    expect(() => clientOver(createFakeMy()).configure({ retry: { attempts: 0 } })).toThrow(/retry\.attempts/);
    expect(() => createClient({ retry: { attempts: 1.5 } })).toThrow(/retry\.attempts/);
  });

  it('throws a TypeError naming an unknown option', () => {
    expect(() => createClient({ my: {}, tiemout: 5 } as any)).toThrow(TypeError);
    expect(() => createClient({ my: {}, tiemout: 5 } as any)).toThrow(/tiemout/);
    expect(() => configure({ retyr: false } as any)).toThrow(/retyr/);
    expect(() => clientOver({}).configure({ retry: { attempt: 2 } } as any)).toThrow(/retry\.attempt\b/);
    // Options of `trade` and `sign` are not top-level options.
    expect(() => configure({ maxWait: 5 } as any)).toThrow(/unknown option `maxWait`/);
    expect(() => configure({ query: () => 'x' } as any)).toThrow(/unknown option `query`/);
  });

  it('throws a TypeError naming `timeout` for a timeout that is not a number of ms', () => {
    expect(() => createClient({ timeout: '100' as any })).toThrow(/timeout/);
    expect(() => createClient({ timeout: Infinity })).toThrow(/timeout/);
  });

  it('keeps the config unchanged when configure() throws', async () => {
    jest.useFakeTimers();
    const fake = createFakeMy().hang('request');
    const client = clientOver(fake, { timeout: 1000 });
    expect(() => client.configure({ timeout: 5, retry: { attempts: 0 } })).toThrow(TypeError);
    let settled = false;
    client.call('request', { url: 'u' }).catch(() => (settled = true));
    await jest.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
  });
});
