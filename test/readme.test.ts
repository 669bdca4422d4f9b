// The README's examples, run as written (with a fake host where the README talks to a real one).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, describe as describeCode, classify } from '../src/index';
import { createFakeMy } from '../src/testing/index';

const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
const readmeZh = readFileSync(join(__dirname, '../README.zh-CN.md'), 'utf8');

describe('README', () => {
  it('opens with the two commands a new user runs', () => {
    for (const text of [readme, readmeZh]) {
      const firstBlock = text.slice(text.indexOf('```sh'), text.indexOf('```', text.indexOf('```sh') + 5));
      expect(firstBlock).toContain('npm install && npm run demo');
      expect(firstBlock).toContain('npm install && npm test');
      expect(text).toContain('npx minicall explain 13 --api request');
    }
  });

  it('testing-kit example: the order list survives two timeouts', async () => {
    const fake = createFakeMy()
      .fail('request', 13, { times: 2 })
      .respond('request', { status: 200, data: { orders: [] }, headers: {} });
    const client = createClient({ my: fake, retry: { baseDelay: 0 } });
    await expect(client.api.request({ url: '/orders' })).resolves.toMatchObject({ data: { orders: [] } });
    expect(fake.count('request')).toBe(3);
    expect(fake.toasts).toEqual([]);
  });

  it('describe example: the entries and kinds it shows', () => {
    expect(describeCode('chooseImage', 11)).toEqual({
      code: 11,
      apis: ['chooseImage'],
      message: '用户取消操作。',
      kind: 'cancel',
      hint: '已取消',
    });
    expect(describeCode('request', 11)!.kind).toBe('fatal');
    expect(classify('request', 13)).toBe('retryable');
  });

  it('MiniError example message is the one minicall writes', async () => {
    const fake = createFakeMy().fail('request', 13, { errorMessage: 'request:fail timeout' });
    const error = await createClient({ my: fake, retry: false, toast: false })
      .api.request({ url: 'u' })
      .catch((e) => e);
    const shown = 'my.request failed: 13 超时。 (request:fail timeout) — npx minicall explain 13 --api request';
    expect(error.message).toBe(shown);
    expect(readme).toContain(shown);
    expect(readmeZh).toContain(shown);
  });

  it('states the catalog counts that codes/*.json hold', () => {
    const count = (name: string) => JSON.parse(readFileSync(join(__dirname, `../codes/${name}.json`), 'utf8')).entries.length;
    expect(readme).toContain(`codes/alipay.json\` (${count('alipay')} entries`);
    expect(readme).toContain(`codes/unionpay.json\` (${count('unionpay')} entries`);
    expect(readmeZh).toContain(`codes/alipay.json\`（${count('alipay')} 条`);
    expect(readmeZh).toContain(`codes/unionpay.json\`（${count('unionpay')} 条`);
  });
});
