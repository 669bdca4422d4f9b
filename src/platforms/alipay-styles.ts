import { DIRECT_STYLE, PROMISED_STYLE, USER_PACED_STYLE } from './adapter.js';
import { DIRECT, FALLBACK_DIRECT, PROMISED } from './alipay-surface.data.js';

// How each `my.*` name is called. The calling styles come from the table generated from the
// platform's typings (alipay-surface.data.ts); which promised APIs wait on a person is reviewed by
// hand below, one group per kind of screen the host puts in front of the user.

/**
 * Promised APIs that wait on a person: the host's own UI is on screen for as long as the user
 * takes, so the configured default `timeout` does not apply (a per-call one does) and no loading
 * indicator is shown over it. Not here: APIs that answer once a page or app has opened
 * (navigateToMiniProgram, ap.openURL, …), and device APIs that may ask for a permission once.
 */
export const USER_PACED: Record<string, string> = {
  // Pickers: the user browses and chooses, or backs out.
  pickers:
    'chooseAlipayContact,chooseCity,chooseContact,chooseDistrict,chooseImage,chooseLocation,choosePhoneContact,chooseVideo,datePicker,getAddress,multiLevelSelect,optionsSelect,regionPicker',
  // Dialogs and sheets: they answer when the user taps a button.
  dialogs: 'alert,confirm,prompt,showModal,showActionSheet,showAuthGuide,addPhoneContact,previewImage,saveImage',
  // Scanners: the camera stays open until a code is found or the user leaves.
  scanners: 'scan',
  // Authorisation: consent sheets, the settings page, the Bluetooth permission guide.
  authorisation: 'getAuthCode,getPhoneNumber,getOpenUserInfo,openSetting,requestSubscribeMessage,showBLEPermissionGuide',
  // Biometrics and identity: fingerprint or face (IFAA), Alipay's identity verification page.
  identity: 'startIfaaAuthentication,startAPVerify',
  // Payment and signing: the cashier or the agreement page, with the user's password.
  payment: 'tradePay,paySignCenter',
  // Pairing: the system's Bluetooth pairing dialog.
  pairing: 'makeBluetoothPair',
  // Gestures: the callback comes when the user shakes the phone.
  gestures: 'watchShake',
};

/**
 * User-paced APIs that Alipay documents as never calling back when the user backs out (chooseCity:
 * on clients before 10.2.70). A call to them settles only through a per-call `timeout` or a
 * `signal`: tie one to the page's `onUnload`.
 */
export const SILENT_ON_DISMISSAL = 'chooseCity';

/** A promised name newer than the typings that likely waits on the user: a picker. */
const FALLBACK_USER_PACED = /^choose|Picker$/;

let styles: Record<string, number> | undefined;

/**
 * The style of `api`: the tables' for every name the typings declare; for a newer one, the fallback
 * patterns' (direct when it looks like a listener, factory or synchronous call; user-paced when it
 * looks like a picker or an Alipay page).
 */
export function styleOf(api: string): number {
  if (!styles) {
    // Keyed only by the tables' own names, and without a prototype: a caller's name is only looked up.
    const table: Record<string, number> = Object.create(null);
    const mark = (names: string, style: number) => names.split(',').forEach((name) => name && (table[name] = style));
    mark(DIRECT, DIRECT_STYLE);
    mark(PROMISED, PROMISED_STYLE);
    for (const group in USER_PACED) mark(USER_PACED[group], USER_PACED_STYLE);
    styles = table;
  }
  const style = styles[api];
  if (style !== undefined) return style;
  return FALLBACK_DIRECT.test(api) ? DIRECT_STYLE : FALLBACK_USER_PACED.test(api) ? USER_PACED_STYLE : PROMISED_STYLE;
}
