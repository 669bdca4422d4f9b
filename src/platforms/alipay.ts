import type { Kind } from '../catalog/types.js';
import { own } from '../util.js';

// What minicall knows about Alipay's `my.*` functions beyond their error codes and calling styles
// (alipay-styles.ts): which report failure inside `success`, and which are safe to repeat.

/**
 * APIs whose `success` payload can still mean failure. `field` carries the outcome and `ok` tells
 * whether its value means success; otherwise the failure's code is `payload[code]` (a field name)
 * or `code` itself (a number). An absent field means success, unless `missing` names the code
 * that applies (a tradePay answer without a resultCode is an unknown outcome, not a payment).
 * Sources: open-docs my.tradePay, my.paySignCenter, my.request; @mini-types/my 3.0.14 for the rest.
 */
export interface SuccessRule {
  field: string;
  ok(value: unknown): boolean;
  code?: string | number;
  missing?: number;
}
const is =
  (...values: string[]) =>
  (value: unknown) =>
    values.indexOf(String(value)) >= 0;
const FLAG_OK: SuccessRule = { field: 'success', ok: is('true'), code: 'error' };
const ERROR_FIELD: SuccessRule = { field: 'error', ok: is('', '0') };
const ERROR_CODE_FIELD: SuccessRule = { field: 'errorCode', ok: is('', '0') };

export const SUCCESS_FAILURES: Record<string, SuccessRule> = {
  tradePay: { field: 'resultCode', ok: is('9000'), missing: 6004 },
  paySignCenter: { field: 'resultStatus', ok: is('7000'), missing: 7001 },
  // Older base libraries answer HTTP 4xx/5xx through `success`; newer ones fail with 19. Both become 19.
  request: { field: 'status', ok: (status) => !(Number(status) >= 400), code: 19 },
  requestSubscribeMessage: ERROR_CODE_FIELD,
  unsubscribeMessage: FLAG_OK,
  showShareMenu: FLAG_OK,
  openOtherApp: FLAG_OK,
  connectWifi: ERROR_FIELD,
  showBLEPermissionGuide: ERROR_FIELD,
  disconnectBLEDevice: ERROR_CODE_FIELD,
  writeBLECharacteristicValue: ERROR_CODE_FIELD,
};

/**
 * APIs whose failure code is in another field than `error`: requestSubscribeMessage reports it in
 * `errorCode`, and its `error` field is deprecated (open-docs my.requestSubscribeMessage).
 */
export const FAILURE_CODE_FIELD: Record<string, string> = { requestSubscribeMessage: 'errorCode' };

/** The failure code a success payload carries, or undefined when it is a real success. */
export function failureInSuccess(api: string, payload: unknown): unknown {
  const rule: SuccessRule | undefined = own(SUCCESS_FAILURES, api);
  if (!rule) return undefined;
  const fields = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
  const value = fields[rule.field];
  if (value == null) return rule.missing;
  if (rule.ok(value)) return undefined;
  const code = typeof rule.code === 'number' ? rule.code : fields[rule.code || rule.field];
  return code == null || code === '' ? 'UNKNOWN' : code;
}

/**
 * An HTTP error (request 19) is transient only for a timeout, a rate limit or a server error
 * (RFC 9110: 408, 429, 5xx); any other 4xx fails the same way every time, so it is fatal.
 */
export function refineKind(api: string, code: number | string, raw: unknown): Kind | undefined {
  const status = raw && typeof raw === 'object' ? (raw as { status?: unknown }).status : undefined;
  if (api !== 'request' || code !== 19 || typeof status !== 'number') return undefined;
  return status === 408 || status === 429 || status >= 500 ? 'retryable' : 'fatal';
}

/** Payments: invoked exactly once per call, whatever the caller marks (a repeat could pay twice). */
export const NEVER_REPEAT = /^(tradePay|paySignCenter)$/;

const IDEMPOTENT_METHODS = /^(GET|HEAD|OPTIONS|PUT|DELETE)$/;

/**
 * A request is safe to repeat when its method is idempotent (RFC 9110) or it carries an
 * Idempotency-Key. Options that cannot be read (a method that is no string, a throwing getter)
 * make it not safe: such a call is never repeated.
 */
function requestIsRepeatable(options: unknown): boolean {
  try {
    return readsAsRepeatable(options);
  } catch (unreadable) {
    return false;
  }
}

function readsAsRepeatable(options: unknown): boolean {
  const o = (options || {}) as { method?: unknown; headers?: Record<string, unknown>; header?: Record<string, unknown> };
  if (IDEMPOTENT_METHODS.test(String(o.method || 'GET').toUpperCase())) return true;
  const headers = o.headers || o.header || {};
  for (const name in headers) if (name.toLowerCase() === 'idempotency-key' && headers[name]) return true;
  return false;
}

/**
 * Safe to invoke again after a transient failure, without the caller marking `idempotent`.
 * Anything not here (uploadFile, sendSocketMessage, everything that shows UI) is never repeated
 * unless marked: a second upload or message is a duplicate, a second dialog an annoyance.
 */
export const RETRY_SAFE: Record<string, true | ((options: unknown) => boolean)> = {
  request: requestIsRepeatable,
  // Reads: repeating them changes nothing.
  downloadFile: true,
  getLocation: true,
  // Connects: a failed connect left nothing behind to duplicate.
  connectSocket: true,
  openBluetoothAdapter: true,
  connectBLEDevice: true,
  // Bluetooth and beacon reads and scans.
  getBluetoothAdapterState: true,
  startBluetoothDevicesDiscovery: true,
  getBluetoothDevices: true,
  getConnectedBluetoothDevices: true,
  getBLEDeviceServices: true,
  getBLEDeviceCharacteristics: true,
  readBLECharacteristicValue: true,
  startBeaconDiscovery: true,
  getBeacons: true,
};
