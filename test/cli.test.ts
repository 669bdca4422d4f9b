import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const bin = join(__dirname, '../bin/minicall.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

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

  it('exits 1 with one clear line for an unknown code', () => {
    const { status, stdout, stderr } = run('explain', '424242', '--api', 'request');
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'minicall: no alipay entry for code 424242 and API request; try `minicall list --platform alipay`',
    ]);
  });

  it('rejects an unknown platform, kind or command', () => {
    expect(run('explain', '13', '--platform', 'wechat').status).toBe(1);
    expect(run('list', '--kind', 'maybe').status).toBe(1);
    expect(run('frobnicate').status).toBe(1);
  });

  it('lists entries by kind', () => {
    const lines = run('list', '--kind', 'pending').stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0]).sort()).toEqual(['6004', '7001', '8000']);
  });
});
