/**
 * Entries transcribed from Alipay's own API pages (beyond the cross-reference seed): the permission
 * denials a page must send to the settings, and codes whose code-only fallback used to give the
 * wrong kind. Each is read through the public surface a page uses: describe(), and a failed call's
 * MiniError with its `action`.
 */
import { createClient, describe as describeCode, isMiniError, type CallName } from '../src/index';
import { createFakeMy, type FakeMy } from '../src/testing/index';
import { rejectionOf } from './helpers/outcome';
import { explain } from '../src/solutions/index';

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

describe('kinds and actions by rule, as describe() gives them', () => {
  it.each([
    // Parameters, routes, tabBar, page lifecycle: the page's own mistake.
    ['previewImage', 2, 'fatal', 'fixConfig'],
    ['setTabBarBadge', 2, 'fatal', 'fixConfig'],
    ['navigateTo', 1, 'fatal', 'fixConfig'],
    ['navigateBack', 'already top of navigation', 'fatal', 'fixConfig'],
    ['request', 11, 'fatal', 'fixConfig'],
    ['ap.preventCheat', 'OVER_LIMIT', 'fatal', 'fixConfig'],
    // A client too old for the API.
    ['enableAlertBeforeUnload', 9, 'fatal', 'upgradeClient'],
    ['ap.getMainSelectedCity', 10002, 'fatal', 'upgradeClient'],
    // Network failures.
    ['request', 13, 'retryable', 'checkNetwork'],
    ['getAuthCode', 12, 'retryable', 'checkNetwork'],
    ['getLocation', 18, 'retryable', 'checkNetwork'],
    // Busy or rate-limited.
    ['request', 20, 'retryable', 'retryLater'],
    ['ap.nsf', 'SYSTEM_OUT_ERROR', 'retryable', 'retryLater'],
    ['requestSubscribeMessage', 100201, 'retryable', 'retryLater'],
    // Retryable without an action: the page's catch-all row, and an internal failure to try later.
    ['getLocation', '其他', 'retryable', undefined],
    ['ap.navigateToAlipayPage', 60001, 'retryable', undefined],
    // Developer mistakes that no repeat fixes, though the message reads like something else.
    ['getBackgroundFetchData', 5, 'fatal', 'fixConfig'],
    ['getClipboard', 2004, 'fatal', undefined],
    // A system permission or switch that only the phone's settings change.
    ['getLocation', 11, 'fatal', 'openSetting'],
    ['saveVideoToPhotosAlbum', 15, 'fatal', 'openSetting'],
    ['showBLEPermissionGuide', 60004, 'fatal', 'openSetting'],
    // Refused this time (the next call asks again), and the user backing out.
    ['scan', 2001, 'fatal', undefined],
    ['getAuthCode', 3, 'cancel', undefined],
    ['regionPicker', 10001, 'cancel', undefined],
    // Transient Bluetooth loss; the IDE-only code for the whole group.
    ['getBLEDeviceServices', 13, 'retryable', undefined],
    ['writeBLECharacteristicValue', 1, 'fatal', undefined],
  ])('%s %p is %s with action %p', (api, code, kind, action) => {
    const entry = describeCode(api as string, code as number | string);
    expect(entry && { kind: entry.kind, action: entry.action }).toEqual({ kind, action });
  });

  it("names the phone's settings in the hint of a system permission", () => {
    for (const [api, code] of [
      ['getLocation', 11],
      ['saveImageToPhotosAlbum', 15],
      ['openBluetoothAdapter', 14],
    ] as const) {
      expect(describeCode(api, code)!.hint).toMatch(/^请在手机设置中(允许支付宝|开启定位)/);
    }
  });
});

describe('failed calls with the codes of the API pages', () => {
  it('keeps a string code as it is and acts on its kind: ap.nsf busy is retryable, throttled, retryLater', async () => {
    const error = await failureOf(createFakeMy().fail('ap.nsf', 'SYSTEM_OUT_ERROR'), 'ap.nsf' as CallName);
    expect(isMiniError(error) && { code: error.code, kind: error.kind, action: error.action, hint: error.hint }).toEqual({
      code: 'SYSTEM_OUT_ERROR',
      kind: 'retryable',
      action: 'retryLater',
      hint: '系统繁忙，请稍后再试',
    });
  });

  it('reads navigateBack at the bottom of the stack as a fatal mistake of the page', async () => {
    const error = await failureOf(createFakeMy().fail('navigateBack', 'already top of navigation'), 'navigateBack');
    expect(isMiniError(error) && { code: error.code, kind: error.kind, action: error.action }).toEqual({
      code: 'already top of navigation',
      kind: 'fatal',
      action: 'fixConfig',
    });
  });

  it('shows no error toast when getAuthCode answers 3 (the Android back key), as for 11', async () => {
    for (const code of [3, 11]) {
      const fake = createFakeMy().fail('getAuthCode', code);
      const error = await rejectionOf(createClient({ my: fake, retry: false }).call('getAuthCode', { scopes: 'auth_user' }));
      expect({ code, kind: isMiniError(error) && error.kind, toasts: fake.toasts }).toEqual({ code, kind: 'cancel', toasts: [] });
    }
  });

  it('shows the hint naming the settings when a system permission is off', async () => {
    const fake = createFakeMy().fail('getLocation', 11);
    const error = await rejectionOf(createClient({ my: fake, retry: false }).call('getLocation'));
    expect(isMiniError(error) && error.action).toBe('openSetting');
    expect(fake.toasts).toEqual(['请在手机设置中开启定位权限']);
  });
});

describe('minicall/solutions', () => {
  it("gives an entry from the pages its page, and each merged API's page as a variant", () => {
    const entry = explain('ap.imgRiskCallback', 'OVER_LIMIT')!;
    expect(entry.source).toMatch(/^AlipayDocs\/open-docs@a74facf1 mini\/api\/.*\/my\.ap\.nsf\.md$/);
    expect(entry.solution).toMatch(/RiskGoCSC@service\.alipay\.com/);
    expect((entry.variants || []).map((v) => v.source!.split('/').pop())).toEqual(['my.ap.imgRiskCallback.md', 'my.ap.preventCheat.md']);
  });

  it("keeps a seed entry's text and gives the page's conflicting one as a variant, with a note", () => {
    const entry = explain('connectSocket', 2)!;
    expect(entry.message).toBe('网络链接已存在。');
    expect(entry.variants).toContainEqual({
      message: '接口参数无效。',
      solution: '替换 URL 链接。',
      source: 'AlipayDocs/open-docs@a74facf1 mini/api/基础API/网络/my.connectSocket.md',
    });
    expect(entry.note).toMatch(/2022/);
  });
});
