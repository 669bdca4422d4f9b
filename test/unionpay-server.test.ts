import { checkUnionPayResponse, withUnionPayToken } from '../src/platforms/unionpay/index';
import { describe as describeCode, isMiniError, type MiniError } from '../src/index';

// Envelopes as the UnionPay open platform answers them (https://open.95516.com/open/access/1.0/…).
const TOKEN_OK = { resp: '00', msg: '成功', params: { accessToken: 'at-1', openId: 'o-1', expiresIn: 3600 } };
const BACKEND_TOKEN_EXPIRED = { resp: 'a10', msg: '不合法的backend_token，或已过期', params: {} };
const FRONT_TOKEN_EXPIRED = { resp: 'a20', msg: '不合法的frontend_token，或已过期' };
const BAD_CODE = { resp: 'a31', msg: '不合法的授权code，或已过期' };
const BAD_SIGNATURE = { resp: 'N60025', msg: '验签失败' };
const SYSTEM_ERROR = { resp: 'SG99', msg: '系统异常' };

function thrown(fn: () => unknown): MiniError {
  try {
    fn();
  } catch (error) {
    expect(isMiniError(error)).toBe(true);
    return error as MiniError;
  }
  throw new Error('expected a throw');
}

describe('checkUnionPayResponse', () => {
  it("returns the params of a resp '00' response", () => {
    expect(checkUnionPayResponse(TOKEN_OK)).toEqual(TOKEN_OK.params);
  });

  it('accepts the response body as JSON text', () => {
    expect(checkUnionPayResponse(JSON.stringify(TOKEN_OK))).toEqual(TOKEN_OK.params);
  });

  it('throws a MiniError with the code, the catalog entry, its kind and its action', () => {
    const error = thrown(() => checkUnionPayResponse(BACKEND_TOKEN_EXPIRED));
    expect(error).toMatchObject({ platform: 'unionpay', code: 'a10', kind: 'retryable', action: 'refreshBackendToken', api: '' });
    expect(error.entry).toBe(describeCode('any', 'a10', 'unionpay'));
    expect(error.raw).toBe(BACKEND_TOKEN_EXPIRED);
    expect(error.message).toMatch(/^UnionPay failed: a10 不合法的backend_token，或已过期/);
    expect(error.toJSON()).toMatchObject({ code: 'a10', action: 'refreshBackendToken' });
  });

  it.each([
    [FRONT_TOKEN_EXPIRED, 'retryable', 'refreshFrontToken'],
    [BAD_CODE, 'fatal', 'reauthorize'],
    [BAD_SIGNATURE, 'fatal', 'fixConfig'],
    [SYSTEM_ERROR, 'retryable', 'retryLater'],
  ])('classifies %j', (body, kind, action) => {
    expect(thrown(() => checkUnionPayResponse(body))).toMatchObject({ code: body.resp, kind, action });
  });

  it('throws UNKNOWN (fatal) for a code the catalog lacks, keeping UnionPay’s text', () => {
    const error = thrown(() => checkUnionPayResponse({ resp: 'ZZ999', msg: '新错误' }));
    expect(error).toMatchObject({ code: 'ZZ999', kind: 'fatal', entry: undefined });
    expect(error.message).toContain('新错误');
  });

  it('says clearly when the body is not a UnionPay response at all', () => {
    for (const body of ['<html>502 Bad Gateway</html>', null, 42, { status: 'ok' }]) {
      const error = thrown(() => checkUnionPayResponse(body as any));
      expect(error.code).toBe('UNKNOWN');
      expect(error.message).toContain('not a UnionPay response');
    }
  });
});

describe('withUnionPayToken', () => {
  // Tokens are unique, as UnionPay's are: each store mints its own (the refresh of an expired
  // token is remembered by that token).
  let stores = 0;
  let T = (n: number) => `token-${n}`;

  /** A token store like the integrator's: a cached token, and a refresh that mints the next one. */
  function tokens() {
    const store = ++stores;
    T = (n: number) => `store-${store}-token-${n}`;
    const name = T;
    let current = name(1);
    let minted = 1;
    const refreshToken = jest.fn(async () => {
      await new Promise((r) => setTimeout(r, 5));
      current = name(++minted);
      return current;
    });
    return { getToken: () => current, refreshToken, current: () => current };
  }

  /** A UnionPay endpoint that answers a10 to every token but the valid one. */
  const endpoint = (valid: () => string) => async (token: string) =>
    checkUnionPayResponse(token === valid() ? TOKEN_OK : BACKEND_TOKEN_EXPIRED);

  it('runs fn with the current token', async () => {
    const source = tokens();
    await expect(withUnionPayToken(endpoint(source.current), source)).resolves.toEqual(TOKEN_OK.params);
    expect(source.refreshToken).not.toHaveBeenCalled();
  });

  it('refreshes once on a10 and runs fn once more with the new token', async () => {
    const source = tokens();
    const seen: string[] = [];
    const fn = async (token: string) => {
      seen.push(token);
      return checkUnionPayResponse(token === T(2) ? TOKEN_OK : BACKEND_TOKEN_EXPIRED);
    };
    await expect(withUnionPayToken(fn, source)).resolves.toEqual(TOKEN_OK.params);
    expect(seen).toEqual([T(1), T(2)]);
    expect(source.refreshToken).toHaveBeenCalledWith('refreshBackendToken');
  });

  it('passes refreshFrontToken for a20', async () => {
    const source = tokens();
    const fn = async (token: string) => checkUnionPayResponse(token === T(2) ? TOKEN_OK : FRONT_TOKEN_EXPIRED);
    await withUnionPayToken(fn, source);
    expect(source.refreshToken).toHaveBeenCalledWith('refreshFrontToken');
  });

  it('ten concurrent calls that see a10 cause exactly one refresh', async () => {
    const source = tokens();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        withUnionPayToken(
          endpoint(() => T(2)),
          source,
        ),
      ),
    );
    expect(results).toEqual(Array(10).fill(TOKEN_OK.params));
    expect(source.refreshToken).toHaveBeenCalledTimes(1);
  });

  it('does not refresh again when another caller already did', async () => {
    const source = tokens();
    const quick = withUnionPayToken(
      endpoint(() => T(2)),
      source,
    );
    // Starts with token-1 too, but hears "expired" only after the quick caller has refreshed.
    const slow = withUnionPayToken(async (token) => {
      if (token === T(1)) await new Promise((r) => setTimeout(r, 50));
      return checkUnionPayResponse(token === T(2) ? TOKEN_OK : BACKEND_TOKEN_EXPIRED);
    }, source);
    await expect(Promise.all([quick, slow])).resolves.toEqual([TOKEN_OK.params, TOKEN_OK.params]);
    expect(source.refreshToken).toHaveBeenCalledTimes(1);
  });

  it('throws a second token failure as it is, without a second refresh', async () => {
    const source = tokens();
    const error = await withUnionPayToken(
      endpoint(() => 'never-valid'),
      source,
    ).catch((e) => e);
    expect(error).toMatchObject({ code: 'a10' });
    expect(source.refreshToken).toHaveBeenCalledTimes(1);
  });

  it('throws any other failure as it is, without refreshing', async () => {
    const source = tokens();
    const error = await withUnionPayToken(async () => checkUnionPayResponse(BAD_CODE), source).catch((e) => e);
    expect(error).toMatchObject({ code: 'a31', action: 'reauthorize' });
    const plain = new Error('socket hang up');
    await expect(withUnionPayToken(async () => Promise.reject(plain), source)).rejects.toBe(plain);
    expect(source.refreshToken).not.toHaveBeenCalled();
  });

  it('lets a refresh that stores the token return nothing', async () => {
    let current = 'old';
    const refreshToken = jest.fn(async () => {
      current = 'new';
    });
    const fn = async (token: string) => checkUnionPayResponse(token === 'new' ? TOKEN_OK : BACKEND_TOKEN_EXPIRED);
    await expect(withUnionPayToken(fn, { getToken: () => current, refreshToken })).resolves.toEqual(TOKEN_OK.params);
  });

  it('a failed refresh reaches every waiting caller, and the next burst refreshes again', async () => {
    let fail = true;
    const refreshToken = jest.fn(async () => {
      if (fail) throw new Error('token endpoint down');
      return 'fresh';
    });
    const source = { getToken: () => 'stale', refreshToken };
    const fn = async (token: string) => checkUnionPayResponse(token === 'fresh' ? TOKEN_OK : BACKEND_TOKEN_EXPIRED);
    const outcomes = await Promise.allSettled([withUnionPayToken(fn, source), withUnionPayToken(fn, source)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(refreshToken).toHaveBeenCalledTimes(1);
    fail = false;
    await expect(withUnionPayToken(fn, source)).resolves.toEqual(TOKEN_OK.params);
    expect(refreshToken).toHaveBeenCalledTimes(2);
  });

  it('rejects bad arguments with a TypeError', async () => {
    await expect(withUnionPayToken(null as any, { getToken: () => 'x', refreshToken: () => 'y' })).rejects.toThrow(TypeError);
    await expect(withUnionPayToken(async () => 1, {} as any)).rejects.toThrow(/getToken, refreshToken/);
  });
});
