// APIs that wait on a person: no default timeout, no loading indicator over the host's own UI, and
// the testing kit's `dismiss` reporting a back-out the way the platform does (or not at all).
import { createClient, isMiniError } from '../src/index';
import { createFakeMy } from '../src/testing/index';
import { USER_PACED } from '../src/platforms/alipay-styles';
import { fakeTimersLeavingNoneArmed, track } from './helpers/outcome';

const userPaced = Object.keys(USER_PACED).flatMap((group) => USER_PACED[group].split(','));

fakeTimersLeavingNoneArmed();

describe('a user-paced call', () => {
  it.each(userPaced)('%s shows no loading indicator, even when the call asks for one', async (name) => {
    const fake = createFakeMy().respond(name, { resultCode: '9000', resultStatus: '7000' });
    const outcome = track(createClient({ my: fake }).call(name as any, {}, { loading: '加载中' }));
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome.status).toBe('resolved');
    expect(fake.calls.map((c) => c.api)).toEqual([name]);
  });

  it('waits on the user past the default timeout, and ends at a per-call one', async () => {
    const fake = createFakeMy().hang('chooseImage');
    const client = createClient({ my: fake, timeout: 1000 });
    const waiting = track(client.api.chooseImage({}));
    const bounded = track(client.api.chooseImage({}, { timeout: 5000 }));
    await jest.advanceTimersByTimeAsync(5000);
    expect(waiting.status).toBe('pending');
    expect(bounded.value).toMatchObject({ code: 'TIMEOUT' });
    expect(fake.toasts).toEqual(['操作超时，请重试']);
  });

  it('still shows the loading indicator of a call that does not wait on the user', async () => {
    const fake = createFakeMy();
    const outcome = track(createClient({ my: fake }).api.getNetworkType({}, { loading: true }));
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome.status).toBe('resolved');
    expect(fake.calls.map((c) => c.api)).toEqual(['showLoading', 'getNetworkType', 'hideLoading']);
  });
});

describe("the fake's dismiss: the user backs out", () => {
  it.each([
    ['chooseImage', 11],
    ['scan', 10],
    ['datePicker', 11],
    ['tradePay', 6001],
  ])('%s fails with its documented cancel code %d: a cancel, so no toast', async (name, code) => {
    const fake = createFakeMy().dismiss(name);
    const outcome = track(createClient({ my: fake }).call(name as any, {}));
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome.status).toBe('rejected');
    expect(outcome.value).toMatchObject({ code, kind: 'cancel' });
    expect(fake.toasts).toEqual([]);
  });

  it('chooseCity never calls back, as Alipay documents: a signal tied to the page ends the call', async () => {
    const fake = createFakeMy().dismiss('chooseCity');
    // The page's own onUnload aborts what it still waits for.
    const unload = new AbortController();
    const page = { onUnload: () => unload.abort() };
    const outcome = track(createClient({ my: fake }).api.chooseCity({}, { signal: unload.signal, loading: true }));
    await jest.advanceTimersByTimeAsync(10 * 60000);
    expect(outcome.status).toBe('pending');
    expect(fake.loading).toBe(false);
    page.onUnload();
    await jest.advanceTimersByTimeAsync(0);
    expect(isMiniError(outcome.value) && [outcome.value.code, outcome.value.kind]).toEqual(['ABORTED', 'cancel']);
    expect(fake.toasts).toEqual([]);
  });

  it('refuses an API that documents no cancel, rather than invent one', () => {
    expect(() => createFakeMy().dismiss('getLocation')).toThrow(/no cancel for getLocation/);
  });

  it('dismisses only the next `times` calls', async () => {
    const fake = createFakeMy().dismiss('chooseImage', { times: 1 });
    const client = createClient({ my: fake });
    const first = track(client.api.chooseImage({}));
    const second = track(client.api.chooseImage({}));
    await jest.advanceTimersByTimeAsync(0);
    expect([first.status, second.status]).toEqual(['rejected', 'resolved']);
  });
});
