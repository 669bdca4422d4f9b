// HTTP errors of my.request: the same outcome whether the base library reports them through
// `fail` (error 19) or, as older ones do, through `success` with the status.
import { createClient, type MiniError } from '../src/index';
import { createFakeMy } from '../src/testing/index';

const quick = { toast: false as const, retry: { baseDelay: 0, maxDelay: 0 } };
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => Promise.reject(new Error('expected a rejection')),
    (e: MiniError) => e,
  );

describe('HTTP errors of request', () => {
  it('rejects a success payload with status ≥ 400 as code 19, keeping the response in raw', async () => {
    const response = { status: 502, data: { reason: 'upstream' }, headers: {} };
    const fake = createFakeMy().respond('request', response);
    const error = await failure(createClient({ my: fake, ...quick, retry: false }).api.request({ url: 'u' }));
    expect(error).toMatchObject({ code: 19, kind: 'retryable' });
    expect(error.raw).toBe(response);
  });

  it('rejects a success payload with status 400 exactly', async () => {
    const fake = createFakeMy().respond('request', { status: 400, data: '', headers: {} });
    const error = await failure(createClient({ my: fake, ...quick }).api.request({ url: 'u' }));
    expect(error).toMatchObject({ code: 19, kind: 'fatal' });
  });

  it('refines only request 19 by its status: another code, or another API, keeps its documented kind', async () => {
    const timeout = createFakeMy().fail('request', 13, { status: 404 });
    expect(await failure(createClient({ my: timeout, ...quick, retry: false }).api.request({ url: 'u' }))).toMatchObject({
      code: 13,
      kind: 'retryable',
    });
    // downloadFile 12 (download failed) is documented retryable; a 404 beside it changes nothing.
    const download = createFakeMy().fail('downloadFile', 12, { status: 404 });
    const error = await failure(createClient({ my: download, ...quick, retry: false }).call('downloadFile', { url: 'u' }));
    expect(error).toMatchObject({ code: 12, kind: 'retryable' });
  });

  it('resolves statuses below 400', async () => {
    const fake = createFakeMy().respond('request', { status: 304, data: '', headers: {} });
    await expect(createClient({ my: fake, ...quick }).api.request({ url: 'u' })).resolves.toMatchObject({ status: 304 });
  });

  it.each([
    [500, 'retryable', 3],
    [503, 'retryable', 3],
    [429, 'retryable', 3],
    [408, 'retryable', 3],
    [404, 'fatal', 1],
    [400, 'fatal', 1],
    [401, 'fatal', 1],
  ])('a GET failing with 19 and status %i is %s and invoked %i time(s)', async (status, kind, invocations) => {
    const fake = createFakeMy().fail('request', 19, { status, data: {}, headers: {} });
    const error = await failure(createClient({ my: fake, ...quick }).api.request({ url: 'u' }));
    expect(error).toMatchObject({ code: 19, kind, attempts: invocations });
    expect(fake.count('request')).toBe(invocations);
  });

  it('treats a success payload with status 404 like a fail with 19: fatal, not retried', async () => {
    const fake = createFakeMy().respond('request', { status: 404, data: 'not found', headers: {} });
    const error = await failure(createClient({ my: fake, ...quick }).api.request({ url: 'u' }));
    expect(error).toMatchObject({ code: 19, kind: 'fatal', attempts: 1 });
  });

  it('gives a refined failure the hint of its kind, not the catalog’s', async () => {
    const fake = createFakeMy().fail('request', 19, { status: 404 });
    const error = await failure(createClient({ my: fake, ...quick }).api.request({ url: 'u' }));
    expect(error.hint).toBe('操作失败，请稍后再试');
    expect(error.entry!.code).toBe(19);
  });

  it('keeps the catalog’s kind when the failure carries no status', async () => {
    const fake = createFakeMy().fail('request', 19);
    const error = await failure(createClient({ my: fake, ...quick, retry: false }).api.request({ url: 'u' }));
    expect(error.kind).toBe('retryable');
  });
});
