import { describe as describeCode, classify } from '../src/index';
import { explain, solutionOf } from '../src/solutions/index';
import '../src/platforms/unionpay/index';
import alipay from '../codes/alipay.json';
import unionpay from '../codes/unionpay.json';

/** What describe() returns for a catalog entry: the JSON entry without its developer-facing fields. */
const RUNTIME_FIELDS = ['code', 'apis', 'message', 'kind', 'hint', 'throttle', 'action', 'scope'];
const runtimeView = (entry: Record<string, unknown>) =>
  Object.fromEntries(RUNTIME_FIELDS.filter((k) => entry[k] !== undefined).map((k) => [k, entry[k]]));

// First in this file on purpose: its lookups are the ones that expand the compact tables.
describe('the catalog describe() reads', () => {
  it('gives every Alipay and UnionPay entry with its code, APIs, message, kind, hint and flags, and nothing else', () => {
    for (const entry of alipay.entries as Record<string, any>[]) {
      const api = entry.apis[0] === '@bluetooth' ? 'writeBLECharacteristicValue' : entry.apis[0];
      expect(describeCode(api, entry.code)).toStrictEqual(runtimeView(entry));
    }
    for (const entry of unionpay.entries as Record<string, any>[]) {
      const found = describeCode('anyApi', entry.code, 'unionpay');
      expect(found).toStrictEqual({ apis: [], ...runtimeView(entry) });
    }
  });
});

describe('describe(api, code)', () => {
  it('tells what code 11 means for each API: a user cancel, a permission failure, a key error', () => {
    expect(describeCode('chooseImage', 11)).toMatchObject({ kind: 'cancel', message: '用户取消操作。' });
    expect(describeCode('request', 11)).toMatchObject({ kind: 'fatal', message: '无权调用该接口。' });
    expect(describeCode('rsa', 11)).toMatchObject({ kind: 'fatal', message: 'key 错误。' });
  });

  it('accepts "my."-prefixed names and numeric strings', () => {
    expect(describeCode('my.request', '13')).toBe(describeCode('request', 13));
    expect(describeCode('my.request', ' 13 ')!.message).toBe('超时。');
  });

  it('finds a Bluetooth API through its group when no entry names it', () => {
    const entry = describeCode('writeBLECharacteristicValue', 10000)!;
    expect(entry.apis).toEqual(['@bluetooth']);
    expect(entry.kind).toBe('fatal');
  });

  it('prefers an entry naming the API over its group', () => {
    // openBluetoothAdapter is in the Bluetooth group, and has its own rows for 12–15.
    expect(describeCode('openBluetoothAdapter', 12)!.message).toBe('蓝牙未打开。');
  });

  it('falls back to a code-only match only where every entry agrees on the kind', () => {
    // 6001 is a cancel for tradePay, paySignCenter and getAddress alike.
    expect(describeCode('someNewPayApi', 6001)!.kind).toBe('cancel');
    // 11 means different things per API, so an unknown API gets no entry.
    expect(describeCode('someNewApi', 11)).toBeUndefined();
  });

  it("explains minicall's own codes for any API", () => {
    expect(describeCode('request', 'TIMEOUT')).toMatchObject({ kind: 'retryable' });
    expect(describeCode('chooseImage', 'ABORTED')).toMatchObject({ kind: 'cancel' });
  });

  it('returns undefined for odd input instead of throwing', () => {
    for (const api of [null, undefined, '', 'my.', {}, 42, []]) expect(describeCode(api as any, 13)).toBeUndefined();
    for (const code of [null, undefined, '', '  ', {}, NaN, [], true]) expect(describeCode('request', code as any)).toBeUndefined();
    expect(describeCode('request', 424242)).toBeUndefined();
  });

  it('looks up UnionPay codes as strings', () => {
    expect(describeCode('anyApi', 'a10', 'unionpay')).toMatchObject({ kind: 'retryable', action: 'refreshBackendToken', scope: 'server' });
    expect(describeCode('appletAuth', 94, 'unionpay')).toMatchObject({ code: '94', scope: 'frontend' });
  });

  it('returns frozen entries, so one page cannot change another page’s catalog', () => {
    const entry = describeCode('request', 13)!;
    expect(Object.isFrozen(entry)).toBe(true);
  });

  it('has an entry for every row of codes/alipay.json', () => {
    for (const row of alipay.entries) {
      const api = row.apis[0] === '@bluetooth' ? 'connectBLEDevice' : row.apis[0];
      const entry = describeCode(api, row.code)!;
      expect(entry).toBeDefined();
      // The first API of a row may be documented by an earlier row with the same code; the message then differs.
      if (entry.apis.join() === row.apis.join()) expect(entry).toMatchObject({ message: row.message, kind: row.kind, hint: row.hint });
    }
  });
});

describe('classify(api, code)', () => {
  it('gives the fixed kinds of the everyday codes', () => {
    expect(classify('request', 13)).toBe('retryable');
    expect(classify('request', 12)).toBe('retryable');
    expect(classify('request', 20)).toBe('retryable');
    expect(classify('request', 1)).toBe('cancel');
    expect(classify('request', 14)).toBe('fatal');
    expect(classify('getAuthCode', 10)).toBe('cancel');
    expect(classify('tradePay', 6001)).toBe('cancel');
    expect(classify('tradePay', 4000)).toBe('fatal');
    expect(classify('tradePay', 8000)).toBe('pending');
    expect(classify('tradePay', '6004')).toBe('pending');
    expect(classify('paySignCenter', 7001)).toBe('pending');
  });

  it('calls a code no entry explains fatal', () => {
    expect(classify('request', 9999)).toBe('fatal');
    expect(classify('', 13)).toBe('fatal');
  });
});

describe('minicall/solutions', () => {
  it('adds the developer fix to an entry', () => {
    expect(explain('request', 13)!.solution).toBe('确保网络环境正常，服务器正常响应。若请求需要时间长，可适当设置超时时间 timeout。');
    expect(solutionOf(describeCode('request', 'TIMEOUT')!).solution).toMatch(/timeout/);
  });

  it('carries UnionPay variants and notes', () => {
    const c02 = explain('any', 'c02', 'unionpay')!;
    expect(c02.variants!.map((v) => v.message)).toContain('无权限访问此插件');
  });

  it('returns undefined when nothing matches', () => {
    expect(explain('request', 123456)).toBeUndefined();
  });
});
