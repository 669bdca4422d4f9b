/**
 * codes/*.json are the source of truth for every error minicall classifies.
 * These tests hold them to the seed tables they were built from and to the
 * rules every entry must follow (kinds, actions, end-user hints).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAlipaySeed, parseUnionPaySeed, seedsPresent } from './helpers/seeds';

type Kind = 'cancel' | 'retryable' | 'fatal' | 'pending';

interface Variant {
  message: string;
  solution?: string;
  source?: string;
}

interface Entry {
  code: number | string;
  apis?: string[];
  scope?: 'server' | 'frontend';
  message: string;
  solution?: string;
  variants?: Variant[];
  kind: Kind;
  action?: string;
  hint: string;
  hintEn: string;
  throttle?: boolean;
  note?: string;
  source?: string;
}

interface Catalog {
  platform: string;
  groups?: Record<string, string[]>;
  entries: Entry[];
}

const root = path.resolve(__dirname, '..');
const load = (name: string): Catalog => JSON.parse(readFileSync(path.join(root, 'codes', name), 'utf8'));

const alipay = load('alipay.json');
const unionpay = load('unionpay.json');
const minicall = load('minicall.json');
const catalogs: Array<[string, Catalog]> = [
  ['alipay', alipay],
  ['unionpay', unionpay],
  ['minicall', minicall],
];

const KINDS: Kind[] = ['cancel', 'retryable', 'fatal', 'pending'];
const ACTIONS = [
  'refreshBackendToken',
  'refreshFrontToken',
  'reauthorize',
  'fixConfig',
  'checkClock',
  'retryLater',
  'userAction',
  'openSetting',
  'checkNetwork',
  'upgradeClient',
];
const ENTRY_KEYS = [
  'code',
  'apis',
  'scope',
  'message',
  'solution',
  'variants',
  'kind',
  'action',
  'hint',
  'hintEn',
  'throttle',
  'note',
  'source',
];

/** Developer wording that must never reach an end user's toast. */
const BANNED_HINT = [
  /IDE/,
  /deviceId/,
  /serviceId/,
  /参数/,
  /配置/,
  /key/i,
  /白名单/,
  /日志/,
  /my\./,
  /[A-Za-z]{3,}Id/,
  /FFmpeg/,
  /ups/,
  /API/,
  /检查/,
];
const BANNED_HINT_EN = [
  /\bIDE\b/,
  /deviceId/i,
  /serviceId/i,
  /parameter/i,
  /config/i,
  /whitelist/i,
  /\bkey\b/i,
  /log/i,
  /\bAPI\b/,
  /FFmpeg/i,
];

function alipayEntry(code: number | string, api: string): Entry {
  const found = alipay.entries.filter((e) => e.code === code && (e.apis || []).indexOf(api) !== -1);
  if (found.length !== 1) throw new Error(`expected one alipay entry for ${api} ${code}, found ${found.length}`);
  return found[0];
}

function unionpayEntry(code: string): Entry {
  const found = unionpay.entries.filter((e) => e.code === code);
  if (found.length !== 1) throw new Error(`expected one unionpay entry for ${code}, found ${found.length}`);
  return found[0];
}

/** Every declared `my.*` function name in @mini-types/my. */
function declaredMyFunctions(): Set<string> {
  const dir = path.join(path.dirname(require.resolve('@mini-types/my/package.json')), 'types');
  const names = new Set<string>();
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.d.ts')) continue;
    const text = readFileSync(path.join(dir, file), 'utf8');
    const re = /\bfunction\s+([A-Za-z0-9_$]+)\s*[(<]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) names.add(m[1]);
  }
  return names;
}

(seedsPresent ? describe : describe.skip)('the catalog against the seed tables', () => {
  it('has one Alipay entry per seed row, in seed order, with the same code, apis and texts', () => {
    const rows = parseAlipaySeed();
    expect(rows.length).toBeGreaterThan(100);
    const seeded = alipay.entries.filter((e) => e.source === undefined);
    expect(seeded.map((e) => ({ code: e.code, apis: e.apis, message: e.message, solution: e.solution }))).toEqual(
      rows.map((r) => ({ code: r.code, apis: r.apis, message: r.message, solution: r.solution })),
    );
  });

  it('keeps the Alipay seed rows first and adds documented codes only after them', () => {
    const rows = parseAlipaySeed();
    const head = alipay.entries.slice(0, rows.length);
    expect(head.every((e) => e.source === undefined)).toBe(true);
    expect(alipay.entries.slice(rows.length).every((e) => typeof e.source === 'string' && e.source !== '')).toBe(true);
  });

  it('has a UnionPay entry for every seed code whose message or a variant matches the row, in the row scope', () => {
    for (const row of parseUnionPaySeed()) {
      for (const code of row.codes) {
        const entry = unionpayEntry(code);
        const own: Variant = { message: entry.message, solution: entry.solution };
        const texts = [own].concat(entry.variants || []);
        const match = texts.filter((t) => t.message === row.message);
        expect({ code, match: match.length > 0 }).toEqual({ code, match: true });
        if (row.solution !== undefined) {
          expect({ code, solution: match.some((t) => t.solution === row.solution) }).toEqual({ code, solution: true });
        }
        expect({ code, scope: entry.scope }).toEqual({ code, scope: row.scope });
      }
    }
  });

  it('lists UnionPay seed codes in order of first appearance, before any added code', () => {
    const order: string[] = [];
    for (const row of parseUnionPaySeed()) for (const code of row.codes) if (order.indexOf(code) === -1) order.push(code);
    expect(unionpay.entries.slice(0, order.length).map((e) => e.code)).toEqual(order);
    expect(unionpay.entries.slice(order.length).every((e) => typeof e.source === 'string')).toBe(true);
  });
});

describe('every catalog entry', () => {
  it.each(catalogs)('in %s has a valid kind and only known keys', (_name, catalog) => {
    for (const e of catalog.entries) {
      expect({ code: e.code, kind: e.kind, valid: KINDS.indexOf(e.kind) !== -1 }).toEqual({ code: e.code, kind: e.kind, valid: true });
      expect(Object.keys(e).filter((k) => ENTRY_KEYS.indexOf(k) === -1)).toEqual([]);
      expect(typeof e.message === 'string' && e.message.trim() === e.message && e.message !== '').toBe(true);
      if (e.solution !== undefined) expect(e.solution.trim() !== '' && e.solution.trim() === e.solution).toBe(true);
    }
  });

  it('in alipay has a numeric code, or a string where the page documents one, and a non-empty list of apis', () => {
    expect(alipay.platform).toBe('alipay');
    for (const e of alipay.entries) {
      if (typeof e.code === 'string') {
        // ap.nsf's 'serviceNoAuth', navigateBack's 'already top of navigation': kept as the strings they are.
        // A numeric string would never be found: a host's '11' is read as the number 11.
        expect({
          code: e.code,
          documented: typeof e.source === 'string',
          numeric: /^-?\d+$/.test(e.code.trim()),
          trimmed: e.code.trim() === e.code,
        }).toEqual({
          code: e.code,
          documented: true,
          numeric: false,
          trimmed: true,
        });
      } else {
        expect(typeof e.code).toBe('number');
      }
      expect(Array.isArray(e.apis) && e.apis.length > 0).toBe(true);
      for (const api of e.apis || []) expect(api).toMatch(/^(@bluetooth|(ap\.)?[a-z][A-Za-z0-9]*)$/);
    }
  });

  it('in unionpay and minicall has a string code', () => {
    expect(unionpay.platform).toBe('unionpay');
    expect(minicall.platform).toBe('minicall');
    for (const e of unionpay.entries.concat(minicall.entries)) expect(typeof e.code).toBe('string');
  });

  it.each(catalogs)('in %s carries a non-empty hint and hintEn', (_name, catalog) => {
    for (const e of catalog.entries) {
      expect(typeof e.hint === 'string' && e.hint.trim() !== '').toBe(true);
      expect(typeof e.hintEn === 'string' && e.hintEn.trim() !== '').toBe(true);
    }
  });

  it.each(catalogs)('in %s has hints free of developer wording', (_name, catalog) => {
    for (const e of catalog.entries) {
      expect({ code: e.code, hint: e.hint, banned: BANNED_HINT.filter((re) => re.test(e.hint)).map(String) }).toEqual({
        code: e.code,
        hint: e.hint,
        banned: [],
      });
      expect({ code: e.code, hintEn: e.hintEn, banned: BANNED_HINT_EN.filter((re) => re.test(e.hintEn)).map(String) }).toEqual({
        code: e.code,
        hintEn: e.hintEn,
        banned: [],
      });
    }
  });

  it.each(catalogs)('in %s gives one English hint per Chinese hint', (_name, catalog) => {
    const english = new Map<string, string>();
    for (const e of catalog.entries) {
      const seen = english.get(e.hint);
      if (seen !== undefined) expect({ hint: e.hint, hintEn: e.hintEn }).toEqual({ hint: e.hint, hintEn: seen });
      else english.set(e.hint, e.hintEn);
    }
  });

  it.each(catalogs)('in %s has a note only as a non-empty string', (_name, catalog) => {
    for (const e of catalog.entries) {
      if ('note' in e) expect(typeof e.note === 'string' && e.note.trim() !== '').toBe(true);
    }
  });
});

describe('fixed Alipay kinds', () => {
  const fixed: Array<[string, number, Kind]> = [
    ['request', 13, 'retryable'],
    ['request', 12, 'retryable'],
    ['request', 20, 'retryable'],
    ['request', 1, 'cancel'],
    ['request', 2, 'fatal'],
    ['request', 11, 'fatal'],
    ['request', 14, 'fatal'],
    ['request', 9, 'cancel'],
    ['getAuthCode', 10, 'cancel'],
    ['chooseImage', 11, 'cancel'],
    ['tradePay', 6001, 'cancel'],
    ['tradePay', 99, 'cancel'],
    ['tradePay', 4000, 'fatal'],
    ['tradePay', 6002, 'retryable'],
    ['tradePay', 6004, 'pending'],
    ['tradePay', 8000, 'pending'],
    ['paySignCenter', 7001, 'pending'],
    ['getLocation', 2001, 'fatal'],
    ['connectSocket', 6, 'retryable'],
    ['@bluetooth', 10000, 'fatal'],
  ];

  it.each(fixed)('classifies %s %i as %s', (api, code, kind) => {
    expect(alipayEntry(code, api).kind).toBe(kind);
  });

  it('marks pending only the payment outcomes that a status query must settle', () => {
    const pending = alipay.entries.filter((e) => e.kind === 'pending').map((e) => `${(e.apis || []).join(',')} ${e.code}`);
    expect(pending.sort()).toEqual(['paySignCenter 7001', 'tradePay 6004', 'tradePay 8000']);
  });

  it('marks throttling only where the docs say busy or rate-limited', () => {
    const throttled = alipay.entries.filter((e) => 'throttle' in e);
    expect(throttled.map((e) => String(e.code)).sort()).toEqual(['100201', '20', '20000', 'SYSTEM_OUT_ERROR']);
    expect(throttled.every((e) => e.throttle === true && e.kind === 'retryable')).toBe(true);
    expect(alipayEntry(20, 'request').throttle).toBe(true);
    expect(alipayEntry(20000, 'getPhoneNumber').throttle).toBe(true);
    expect(unionpay.entries.concat(minicall.entries).filter((e) => 'throttle' in e)).toEqual([]);
  });

  it('gives request 9 (RequestTask.abort) a documented source', () => {
    expect(alipayEntry(9, 'request').source).toMatch(/my\.request/);
  });
});

describe('Alipay actions', () => {
  const ALIPAY_ACTIONS = ['openSetting', 'checkNetwork', 'retryLater', 'fixConfig', 'upgradeClient'];
  const withAction = (action: string) => alipay.entries.filter((e) => e.action === action);

  it('are the five a page can act on', () => {
    for (const e of alipay.entries.filter((x) => 'action' in x)) expect(ALIPAY_ACTIONS).toContain(e.action);
    for (const action of ALIPAY_ACTIONS) expect({ action, used: withAction(action).length > 0 }).toEqual({ action, used: true });
  });

  it('are never on a cancel or a pending outcome, which need nothing from the user', () => {
    expect(alipay.entries.filter((e) => (e.kind === 'cancel' || e.kind === 'pending') && 'action' in e)).toEqual([]);
  });

  it('send to the settings only failures that cannot succeed until a permission is on, and every 2002/2003 denial', () => {
    expect(withAction('openSetting').every((e) => e.kind === 'fatal')).toBe(true);
    const denials = alipay.entries.filter((e) => e.code === 2002 || e.code === 2003);
    expect(denials.length).toBe(14);
    expect(denials.every((e) => e.action === 'openSetting')).toBe(true);
  });

  it('mark developer mistakes and too-old clients fatal: no repeat fixes them', () => {
    expect(
      withAction('fixConfig')
        .concat(withAction('upgradeClient'))
        .filter((e) => e.kind !== 'fatal'),
    ).toEqual([]);
  });

  it('put retryLater on every throttled code', () => {
    expect(alipay.entries.filter((e) => e.throttle && e.action !== 'retryLater')).toEqual([]);
  });
});

describe('Alipay variants', () => {
  it('each carry a message and the page they come from, distinct from the entry and each other', () => {
    for (const e of alipay.entries) {
      const texts = [e as Variant].concat(e.variants || []);
      const keys = texts.map((t) => [t.message, t.solution || '', t.source || ''].join('\u0000'));
      expect({ code: e.code, distinct: new Set(keys).size === keys.length }).toEqual({ code: e.code, distinct: true });
      for (const v of e.variants || []) {
        expect({
          code: e.code,
          message: v.message.trim() === v.message && v.message !== '',
          source: /^AlipayDocs\/open-docs@\S+ mini\/api\//.test(v.source || ''),
        }).toEqual({
          code: e.code,
          message: true,
          source: true,
        });
      }
    }
  });
});

describe('the Alipay bluetooth group', () => {
  const group = (alipay.groups || {}).bluetooth || [];

  it('is what the @bluetooth entries refer to', () => {
    const referenced = alipay.entries.filter((e) => (e.apis || []).indexOf('@bluetooth') !== -1);
    expect(referenced.length).toBeGreaterThan(0);
    expect(Object.keys(alipay.groups || {})).toEqual(['bluetooth']);
  });

  it('contains the adapter and characteristic APIs', () => {
    for (const name of [
      'openBluetoothAdapter',
      'closeBluetoothAdapter',
      'writeBLECharacteristicValue',
      'getConnectedBluetoothDevices',
      'notifyBLECharacteristicValueChange',
    ]) {
      expect(group).toContain(name);
    }
  });

  it('names only functions that @mini-types/my declares, each once', () => {
    const declared = declaredMyFunctions();
    expect(group.filter((name) => !declared.has(name))).toEqual([]);
    expect(new Set(group).size).toBe(group.length);
  });

  it('lists every Bluetooth and BLE function that @mini-types/my declares', () => {
    const declared = declaredMyFunctions();
    const expected: string[] = [];
    declared.forEach((name) => {
      if (/Bluetooth|BLE/.test(name)) expected.push(name);
    });
    expect(group.slice().sort()).toEqual(expected.sort());
  });
});

describe('UnionPay actions', () => {
  it('gives every entry a known action', () => {
    for (const e of unionpay.entries) {
      expect({ code: e.code, action: e.action, valid: ACTIONS.indexOf(e.action || '') !== -1 }).toEqual({
        code: e.code,
        action: e.action,
        valid: true,
      });
    }
  });

  it('gives every entry a scope', () => {
    for (const e of unionpay.entries) expect(['server', 'frontend']).toContain(e.scope);
  });

  it.each([
    ['a10', 'retryable', 'refreshBackendToken'],
    ['a20', 'retryable', 'refreshFrontToken'],
    ['a31', 'fatal', 'reauthorize'],
    ['N62127', 'retryable', 'refreshBackendToken'],
    ['SG99', 'retryable', 'retryLater'],
    ['NG4000', 'retryable', 'retryLater'],
    ['N60024', 'fatal', 'checkClock'],
    ['S5002', 'fatal', 'checkClock'],
    ['S52136', 'fatal', 'userAction'],
    ['N62135', 'fatal', 'userAction'],
    ['N62136', 'fatal', 'userAction'],
    ['3023', 'fatal', 'userAction'],
    ['94', 'fatal', 'userAction'],
    ['95', 'fatal', 'userAction'],
    ['96', 'fatal', 'userAction'],
    ['99', 'fatal', 'userAction'],
    ['c05', 'retryable', 'retryLater'],
    ['c101', 'fatal', 'userAction'],
    ['c102', 'fatal', 'userAction'],
    ['NOT_READY', 'fatal', 'retryLater'],
    ['PAY_FAILED', 'fatal', 'userAction'],
    ['PAY_CANCELLED', 'cancel', 'userAction'],
  ])('classifies %s as %s with action %s', (code, kind, action) => {
    const e = unionpayEntry(code);
    expect({ kind: e.kind, action: e.action }).toEqual({ kind, action });
  });

  it('keeps c02 as one entry with the upsdk text as a sourced variant', () => {
    const c02 = unionpayEntry('c02');
    expect(c02.source).toBeUndefined();
    expect(c02.variants).toContainEqual({ message: '无权限访问此插件', source: 'upsdk.js' });
  });

  it('adds the upsdk.js codes and the minicall codes as sourced front-end entries', () => {
    const sourced = (source: string) => unionpay.entries.filter((e) => e.source === source).map((e) => e.code);
    expect(sourced('upsdk.js')).toEqual(['c00', 'c01', 'c03', 'c04', 'c05', 'c101', 'c102']);
    expect(sourced('minicall')).toEqual(['NOT_READY', 'PAY_FAILED', 'PAY_CANCELLED']);
    for (const e of unionpay.entries.filter((x) => x.source !== undefined)) expect(e.scope).toBe('frontend');
  });

  it('keeps each variant distinct from the main text and from each other', () => {
    for (const e of unionpay.entries) {
      const messages = [e.message].concat((e.variants || []).map((v) => v.message));
      const texts = [e.message + '\u0000' + (e.solution || '')].concat(
        (e.variants || []).map((v) => v.message + '\u0000' + (v.solution || '')),
      );
      expect({ code: e.code, distinct: new Set(texts).size === texts.length }).toEqual({ code: e.code, distinct: true });
      expect(messages.every((m) => m.trim() !== '')).toBe(true);
    }
  });

  it('has one entry per code', () => {
    const codes = unionpay.entries.map((e) => String(e.code));
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('minicall codes', () => {
  it('are exactly the five errors minicall raises, with their kinds', () => {
    const kinds: Record<string, string> = {};
    for (const e of minicall.entries) kinds[String(e.code)] = e.kind;
    expect(kinds).toEqual({ UNSUPPORTED: 'fatal', TIMEOUT: 'retryable', ABORTED: 'cancel', INVALID_ARGUMENT: 'fatal', UNKNOWN: 'fatal' });
  });

  it('apply to no platform API', () => {
    for (const e of minicall.entries) expect(e.apis).toEqual([]);
  });
});
