import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const bin = join(__dirname, '../bin/minicall.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
const usage = () => run('--help').stdout;
const headers = (stdout: string) => stdout.split('\n').filter((line) => /^\S/.test(line));

describe('npx minicall', () => {
  it('explains a code for an API: meaning, solution, kind and hint', () => {
    const { status, stdout } = run('explain', '13', '--api', 'request');
    expect(status).toBe(0);
    expect(stdout).toContain('[retryable]');
    expect(stdout).toContain('超时。');
    expect(stdout).toContain('可适当设置超时时间 timeout');
    expect(stdout).toContain('网络超时，请稍后重试');
  });

  it('lists every API a code means something for when no --api is given', () => {
    const { stdout } = run('explain', '11');
    for (const api of ['chooseImage', 'request', 'rsa', 'datePicker']) expect(stdout).toContain(api);
  });

  it('finds Bluetooth APIs through their group, and accepts my.-prefixed names', () => {
    const { status, stdout } = run('explain', '10000', '--api', 'my.connectBLEDevice');
    expect(status).toBe(0);
    expect(stdout).toContain('未初始化蓝牙适配器');
  });

  it('prints JSON with --json', () => {
    const entries = JSON.parse(run('explain', '6004', '--api', 'tradePay', '--json').stdout);
    expect(entries).toEqual([expect.objectContaining({ code: 6004, kind: 'pending', apis: ['tradePay'] })]);
  });

  it('explains UnionPay codes with their action', () => {
    const { status, stdout } = run('explain', 'a10', '--platform', 'unionpay');
    expect(status).toBe(0);
    expect(stdout).toContain('refreshBackendToken');
  });

  it('takes negative codes as codes, not as options', () => {
    const { status, stdout } = run('explain', '-1', '--api', 'createInnerAudioContext');
    expect(status).toBe(0);
    expect(headers(stdout)).toEqual(['-1  [fatal]  createInnerAudioContext, getBackgroundAudioManager']);
  });

  it('exits 1 with one clear line for an unknown code', () => {
    const { status, stdout, stderr } = run('explain', '424242', '--api', 'request', '--platform', 'alipay');
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'minicall: no alipay entry for code 424242 and API request; try `minicall list --platform alipay`',
    ]);
  });

  it('names both platforms when a code has no entry in either', () => {
    const { status, stdout, stderr } = run('explain', '424242');
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'minicall: no alipay or unionpay entry for code 424242; try `minicall list --platform alipay` or `minicall list --platform unionpay`\n',
    );
  });

  it('prints [] for a code with no entry under --json, still exiting 1 with the message on stderr', () => {
    const { status, stdout, stderr } = run('explain', '99999', '--json');
    expect(status).toBe(1);
    expect(JSON.parse(stdout)).toEqual([]);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^minicall: no alipay or unionpay entry for code 99999;/)]);
  });

  it('rejects an unknown platform or kind with one line on stderr', () => {
    for (const args of [
      ['explain', '13', '--platform', 'wechat'],
      ['list', '--kind', 'maybe'],
    ]) {
      const { status, stdout, stderr } = run(...args);
      expect(status).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^minicall: unknown (platform "wechat"|kind "maybe"): use /)]);
    }
  });

  it('prints the usage to stdout and exits 0 when it is asked for', () => {
    for (const args of [['help'], ['--help'], ['-h'], ['help', 'explain'], ['help', 'list'], ['explain', '13', '--help']]) {
      const { status, stdout, stderr } = run(...args);
      expect({ args, status, stderr }).toEqual({ args, status: 0, stderr: '' });
      expect(stdout).toMatch(/^Usage:\n/);
    }
  });

  it('documents every command and option in the usage', () => {
    const text = usage();
    for (const word of [
      'explain <code>',
      'list',
      'help',
      '--api <name>',
      '--platform',
      '--kind',
      '--source <from>',
      '--json',
      '-h, --help',
      '-v, --version',
    ]) {
      expect(text).toContain(word);
    }
    expect(text).toContain('Without --platform it lists alipay only');
    expect(text).toContain('searches alipay, then unionpay');
  });

  it('reports every usage error on stderr as one minicall: line followed by the usage, and exits 1', () => {
    const cases: [string[], string][] = [
      [[], 'no command given'],
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['help', 'frobnicate'], 'unknown command "frobnicate"'],
      [['explain'], 'explain needs a code'],
      [['explain', '--api', 'request'], 'explain needs a code'],
      [['explain', '13', '--bogus'], 'unknown option --bogus'],
      [['list', '-x'], 'unknown option -x'],
      [['explain', '13', '--api'], '--api needs a value'],
      [['explain', '13', '--platform', '--json'], '--platform needs a value'],
      [['explain', '13', '--api='], '--api needs a value'],
      [['explain', '13', '--kind', 'fatal'], '--kind is for list only'],
      [['explain', '13', '--source', 'docs'], '--source is for list only'],
    ];
    const text = usage();
    for (const [args, message] of cases) {
      const { status, stdout, stderr } = run(...args);
      expect({ args, status, stdout, stderr }).toEqual({ args, status: 1, stdout: '', stderr: `minicall: ${message}\n\n${text}` });
    }
  });

  it('rejects extra arguments instead of ignoring them, naming the first extra one', () => {
    const text = usage();
    for (const [args, extra] of [
      [['explain', '13', '14'], '14'],
      [['list', 'foo', 'bar'], 'foo'],
      [['help', 'explain', 'list'], 'list'],
    ] as [string[], string][]) {
      const { status, stdout, stderr } = run(...args);
      expect({ args, status, stdout, stderr }).toEqual({
        args,
        status: 1,
        stdout: '',
        stderr: `minicall: unexpected argument "${extra}"\n\n${text}`,
      });
    }
  });

  it('prints the version from its own package.json with --version or -v', () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8'));
    for (const flag of ['--version', '-v']) {
      expect(run(flag)).toEqual(expect.objectContaining({ status: 0, stdout: `${version}\n`, stderr: '' }));
    }
  });

  it('explains a UnionPay code without --platform, saying which platform it is from', () => {
    const { status, stdout } = run('explain', 'a10');
    expect(status).toBe(0);
    expect(headers(stdout)).toEqual(['a10  [retryable]  unionpay: server API']);
    expect(stdout).toContain('refreshBackendToken');
  });

  it('searches alipay first, then unionpay, when a code is in both and no --platform is given', () => {
    const { status, stdout } = run('explain', '99');
    expect(status).toBe(0);
    expect(headers(stdout)).toEqual(['99  [cancel]  tradePay', '99  [fatal]  unionpay: frontend API']);
    const entries = JSON.parse(run('explain', '99', '--json').stdout);
    expect(entries.map((e: { platform: string }) => e.platform)).toEqual(['alipay', 'unionpay']);
  });

  it("includes minicall's own codes once, labelled, whichever platforms are searched", () => {
    for (const args of [[], ['--platform', 'alipay'], ['--platform', 'unionpay']]) {
      const { status, stdout } = run('explain', 'TIMEOUT', ...args);
      expect({ args, status, headers: headers(stdout) }).toEqual({ args, status: 0, headers: ['TIMEOUT  [retryable]  minicall: any API'] });
    }
  });

  it('searches only the given platform when --platform is given', () => {
    expect(run('explain', 'a10', '--platform', 'alipay').status).toBe(1);
    expect(headers(run('explain', '99', '--platform', 'unionpay').stdout)).toEqual(['99  [fatal]  unionpay: frontend API']);
    expect(headers(run('explain', '99', '--platform', 'alipay').stdout)).toEqual(['99  [cancel]  tradePay']);
  });

  it("lists alipay and minicall's own codes when no --platform is given", () => {
    const platforms = new Set(JSON.parse(run('list', '--json').stdout).map((e: { platform: string }) => e.platform));
    expect([...platforms]).toEqual(['alipay', 'minicall']);
    const unionpay = new Set(
      JSON.parse(run('list', '--platform', 'unionpay', '--json').stdout).map((e: { platform: string }) => e.platform),
    );
    expect([...unionpay]).toEqual(['unionpay', 'minicall']);
  });

  it('suggests the nearest known API names when --api names no API in the catalog', () => {
    const cases: [string[], string][] = [
      [['explain', '13', '--api', 'requst'], 'no API "requst" in the alipay or unionpay catalog; did you mean request?'],
      [['explain', '13', '--api', 'requst', '--platform', 'alipay'], 'no API "requst" in the alipay catalog; did you mean request?'],
      [['explain', '13', '--api', 'my.requst', '--platform', 'alipay'], 'no API "requst" in the alipay catalog; did you mean request?'],
      // A member of the @bluetooth group is a known name too.
      [
        ['explain', '10000', '--api', 'connectBLEDevic', '--platform', 'alipay'],
        'no API "connectBLEDevic" in the alipay catalog; did you mean connectBLEDevice?',
      ],
      // A wrong case is suggested even when it is more than two edits away.
      [['explain', '6004', '--api', 'TRADEPAY', '--platform', 'alipay'], 'no API "TRADEPAY" in the alipay catalog; did you mean tradePay?'],
      [['explain', '13', '--api', 'zzzzzzzz', '--platform', 'alipay'], 'no API "zzzzzzzz" in the alipay catalog'],
    ];
    for (const [args, message] of cases) {
      const { status, stdout, stderr } = run(...args);
      expect({ args, status, stdout, stderr }).toEqual({ args, status: 1, stdout: '', stderr: `minicall: ${message}\n` });
    }
  });

  it('keeps the no-entry message for a known API that has no entry for the code', () => {
    const { status, stderr } = run('explain', '13', '--api', 'tradePay', '--platform', 'alipay');
    expect(status).toBe(1);
    expect(stderr).toBe('minicall: no alipay entry for code 13 and API tradePay; try `minicall list --platform alipay`\n');
  });

  it("still shows minicall's own codes for an unknown API, with the suggestion on stderr", () => {
    const { status, stdout, stderr } = run('list', '--api', 'requst');
    expect(status).toBe(0);
    expect(
      stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['UNSUPPORTED', 'TIMEOUT', 'ABORTED', 'INVALID_ARGUMENT', 'UNKNOWN']);
    expect(stderr).toBe('minicall: no API "requst" in the alipay catalog; did you mean request?\n');
  });

  it('lists the entries added from the API pages apart from the seed, each with its page', () => {
    const alipay: { code: number | string; source?: string }[] = JSON.parse(
      readFileSync(join(__dirname, '../codes/alipay.json'), 'utf8'),
    ).entries;
    const docs = run('list', '--source', 'docs');
    const lines = docs.stdout.trim().split('\n');
    expect(docs.status).toBe(0);
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(
      alipay
        .filter((e) => e.source)
        .map((e) => String(e.code))
        .map((c) => c.split(' ')[0]),
    );
    expect(lines.every((l) => /  \(my\.[\w.]+\.md( \+\d+ more)?\)$/.test(l))).toBe(true);
    expect(lines.find((l) => l.startsWith('SYSTEM_OUT_ERROR '))).toMatch(
      /retryable\s+ap\.nsf,ap\.imgRiskCallback,ap\.preventChe…\s+系统繁忙。  \(my\.ap\.nsf\.md \+2 more\)$/,
    );
    // The seed's rows, then minicall's own codes, which are not from any page.
    const seed = run('list', '--source', 'seed').stdout.trim().split('\n');
    expect(seed).toHaveLength(alipay.filter((e) => !e.source).length + 5);
    expect(seed.some((l) => /\.md\)$/.test(l))).toBe(false);
  });

  it("files UnionPay's upsdk.js codes under docs and minicall's own codes under seed", () => {
    const unionpay: { code: string; source?: string }[] = JSON.parse(
      readFileSync(join(__dirname, '../codes/unionpay.json'), 'utf8'),
    ).entries;
    const codes = (source: string) =>
      run('list', '--platform', 'unionpay', '--source', source)
        .stdout.trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0]);
    expect(codes('docs')).toEqual(unionpay.filter((e) => e.source === 'upsdk.js').map((e) => e.code));
    const seed = codes('seed');
    for (const own of ['NOT_READY', 'PAY_FAILED', 'PAY_CANCELLED', 'TIMEOUT']) expect(seed).toContain(own);
    expect(seed.length + codes('docs').length).toBe(run('list', '--platform', 'unionpay').stdout.trim().split('\n').length);
  });

  it("shows a variant's page under its text", () => {
    const { stdout } = run('explain', '2', '--api', 'connectSocket');
    expect(stdout).toContain(
      '  also:     接口参数无效。 — 替换 URL 链接。\n            (AlipayDocs/open-docs@a74facf1 mini/api/基础API/网络/my.connectSocket.md)',
    );
    expect(stdout).toContain('action:   fixConfig');
  });

  it('rejects an unknown source with one line on stderr', () => {
    const { status, stderr } = run('list', '--source', 'blog');
    expect({ status, stderr }).toEqual({ status: 1, stderr: 'minicall: unknown source "blog": use seed or docs\n' });
  });

  it('lists entries by kind', () => {
    const lines = run('list', '--kind', 'pending').stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0]).sort()).toEqual(['6004', '7001', '8000']);
  });

  it('cuts a long API column with … and keeps every column aligned', () => {
    const entries: { code: string | number; kind: string; apis: string[]; message: string }[] = JSON.parse(run('list', '--json').stdout);
    const lines = run('list').stdout.replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(entries.length);
    const kindAt = lines[0].indexOf(entries[0].kind);
    const apiAt = kindAt + 11;
    const messageAt = apiAt + 42;
    entries.forEach((entry, i) => {
      const line = lines[i];
      const apis = entry.apis.join(',');
      expect(line.slice(0, kindAt).trimEnd()).toBe(String(entry.code));
      expect(line.slice(kindAt, apiAt).trimEnd()).toBe(entry.kind);
      const cell = line.slice(apiAt, messageAt);
      expect(cell.trimEnd()).toBe(apis.length > 40 ? `${apis.slice(0, 39)}…` : apis);
      expect(line.slice(messageAt)).toBe(entry.message.split('\n')[0]);
    });
    expect(lines.find((l) => l.startsWith('11000 '))).toContain('onBeaconServiceChange,onBeaconUpdate,ge…  ');
  });
});
