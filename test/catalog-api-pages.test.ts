/**
 * Entries transcribed from Alipay's own API pages (beyond the cross-reference seed): the permission
 * denials a page must send to the settings, and codes whose code-only fallback used to give the
 * wrong kind. Each is read through the public surface a page uses: describe(), and a failed call's
 * MiniError with its `action`.
 */
import { createClient, describe as describeCode, isMiniError, type CallName } from '../src/index';
import { createFakeMy, type FakeMy } from '../src/testing/index';
import { rejectionOf } from './helpers/outcome';

/** What a call of `api` over `fake` rejects with, without retries or toasts. */
const failureOf = (fake: FakeMy, api: CallName, options?: object) =>
  rejectionOf(createClient({ my: fake, retry: false, toast: false }).call(api, options));

describe('permission denials the platform will not ask about again', () => {
  it.each([
    ['getLocation', 2002],
    ['getLocation', 2003],
    ['chooseImage', 2002],
    ['chooseImage', 2003],
    ['chooseVideo', 2002],
    ['chooseVideo', 2003],
    ['getClipboard', 2002],
    ['getClipboard', 2003],
    ['scan', 2002],
    ['scan', 2003],
    ['openBluetoothAdapter', 2002],
    ['openBluetoothAdapter', 2003],
    ['connectBLEDevice', 2002],
    ['connectBLEDevice', 2003],
  ])('%s %i is fatal and sends the user to the settings', (api, code) => {
    const entry = describeCode(api, code);
    expect(entry && { kind: entry.kind, action: entry.action, apis: entry.apis }).toEqual({
      kind: 'fatal',
      action: 'openSetting',
      apis: [api],
    });
    expect(entry!.hint).toMatch(/小程序设置/);
  });

  it('puts the action on the MiniError of a failed call', async () => {
    const error = await failureOf(createFakeMy().fail('getLocation', 2003), 'getLocation');
    expect(isMiniError(error) && { code: error.code, kind: error.kind, action: error.action }).toEqual({
      code: 2003,
      kind: 'fatal',
      action: 'openSetting',
    });
  });

  it('leaves the action out where the catalog gives none', async () => {
    // 2001: the user refused this time; the platform asks again next time.
    const error = await failureOf(createFakeMy().fail('getLocation', 2001), 'getLocation');
    expect(isMiniError(error) && { kind: error.kind, hasAction: 'action' in error }).toEqual({ kind: 'fatal', hasAction: false });
  });
});

describe('codes whose code-only fallback gave the wrong kind', () => {
  it.each([
    ['saveFile', 19, 'fatal', 'fixConfig'],
    ['getClipboard', 2004, 'fatal', undefined],
    ['ap.openURL', 6002, 'fatal', 'fixConfig'],
    ['getRunData', 1005, 'fatal', undefined],
  ])('%s %i is %s, from an entry naming the API', (api, code, kind, action) => {
    const entry = describeCode(api as string, code as number);
    expect(entry && { kind: entry.kind, action: entry.action, named: entry.apis.indexOf(api as string) >= 0 }).toEqual({
      kind,
      action,
      named: true,
    });
  });
});

describe('requestSubscribeMessage', () => {
  it('reads its code from errorCode, not from the deprecated error field', async () => {
    // The failure carries both: the deprecated `error` (3 here) and the documented `errorCode`.
    const fake = createFakeMy().fail('requestSubscribeMessage', 11, { error: 3, errorCode: 11 });
    const error = await failureOf(fake, 'requestSubscribeMessage', { entityIds: ['t'] });
    expect(isMiniError(error) && error.code).toBe(11);
  });
});

describe('user cancels documented on the API pages', () => {
  // Code 11 alone means different things across APIs, so without an entry naming the API these
  // were fatal, and a user backing out got an error toast.
  it.each([
    ['chooseLocation', 11],
    ['chooseVideo', 10],
    ['chooseVideo', 11],
    ['chooseCity', 11],
    ['regionPicker', 11],
    ['getAuthCode', 11],
    ['requestSubscribeMessage', 11],
    ['startIfaaAuthentication', 61003],
    ['uploadFile', 9],
  ])('%s %i is a cancel', (api, code) => {
    const entry = describeCode(api as string, code as number);
    expect(entry && { kind: entry.kind, named: entry.apis.indexOf(api as string) >= 0 }).toEqual({ kind: 'cancel', named: true });
  });
});
