/**
 * @jest-environment jsdom
 */
// The WeChat-syntax example component, rendered by miniprogram-simulate in jsdom: a tap on its
// button goes through minicall (its own client over the fake `my`) and the user sees the toast.
import { join } from 'node:path';
import { createFakeMy } from '../src/testing/index';

// The component requires 'minicall' as an app would; here that is the source.
jest.mock('minicall', () => jest.requireActual('../src/index'), { virtual: true });

const simulate = require('miniprogram-simulate');
const client = require('../examples/simulate-component/client.js');

// jsdom's document (the type-check knows no DOM library).
const document = (globalThis as any).document;

const COMPONENT = join(__dirname, '../examples/simulate-component/pay-button/index');

// Loaded once: the component's JS runs through Jest's require, which keeps it cached, so a second
// load would register nothing.
const id: string = simulate.load(COMPONENT, 'pay-button', { compiler: 'simulate' });

function render(properties: Record<string, unknown>) {
  const comp = simulate.render(id, properties);
  comp.attach(document.createElement('parent-wrapper'));
  return comp;
}

/** Waits until `check()` holds (the fake calls back on a timer), at most 1 s. */
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 1000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await simulate.sleep(5);
  }
}

it('renders the button from its WXML template', () => {
  client.configure({ my: createFakeMy() });
  const comp = render({ tradeNO: '2024112222001000000000000001', amount: '68.00' });
  expect(comp.querySelector('.pay').dom.textContent).toBe('支付 ¥68.00');
  expect(comp.querySelector('.result')).toBeUndefined();
});

it('pays on tap: tradePay invoked once with the trade number, success shown', async () => {
  const fake = createFakeMy();
  client.configure({ my: fake });
  const comp = render({ tradeNO: '2024112222001000000000000002', amount: '39.90' });
  const paid = jest.fn();
  comp.addEventListener('paid', paid);
  comp.querySelector('.pay').dispatchEvent('tap');
  await until(() => comp.data.state === 'paid');
  expect(fake.calls.filter((c) => c.api === 'tradePay').map((c) => c.options.tradeNO)).toEqual(['2024112222001000000000000002']);
  expect(comp.querySelector('.result').dom.textContent).toBe('支付成功');
  expect(paid).toHaveBeenCalledTimes(1);
  expect(fake.toasts).toEqual([]);
});

it('shows the toast minicall raised when the payment fails (4000), and the same hint under the button', async () => {
  const fake = createFakeMy().fail('tradePay', 4000);
  client.configure({ my: fake });
  const comp = render({ tradeNO: '2024112222001000000000000003', amount: '12.50' });
  comp.querySelector('.pay').dispatchEvent('tap');
  await until(() => comp.data.state === 'failed');
  expect(fake.toasts).toEqual(['支付失败']);
  expect(comp.querySelector('.result').dom.textContent).toBe('支付失败');
});

it('stays silent when the user cancels (6001): no toast, the button again', async () => {
  const fake = createFakeMy().fail('tradePay', 6001);
  client.configure({ my: fake });
  const comp = render({ tradeNO: '2024112222001000000000000004', amount: '12.50' });
  comp.querySelector('.pay').dispatchEvent('tap');
  await until(() => fake.count('tradePay') === 1 && comp.data.state === 'idle');
  expect(fake.toasts).toEqual([]);
  expect(comp.querySelector('.result')).toBeUndefined();
  expect(comp.querySelector('.pay').dom.textContent).toBe('支付 ¥12.50');
});
