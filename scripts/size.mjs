#!/usr/bin/env node
// Size budgets, checked by `npm test`: each import combination is bundled from the built package
// as a page's bundler would (esbuild, minified, UTF-8 kept), gzipped, and compared with its limit.
// Also proves tree-shaking: a page importing only `describe` carries no retry or toast code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KB, bundle, gzipped, root } from './bundle.mjs';

// The catalog tables replaced by empty ones: what the code alone costs.
const withoutCatalog = {
  name: 'without-catalog',
  setup(build) {
    build.onLoad({ filter: /(catalog|locales|solutions)\/[\w.]+\.data\.js$/ }, () => ({
      contents: 'export default { platform: "", groups: {}, metas: [], rows: [], kindHints: {} }',
      loader: 'js',
    }));
  },
};

// Names that exist only in the payment follow-up (minicall/payment).
const FOLLOW_UP = ['TRADE_SUCCESS', 'TRADE_FINISHED', 'confirmedBy'];
// Names that exist only in the call pipeline.
const PIPELINE = ['showToast', 'maxElapsed', 'Retry-After', 'hideLoading'];

// `limit`: fails `npm test` when exceeded; each is a guard just above the size measured when it
// was set (BENCHMARKS.md). `without`: names that must not be in the bundle, `with`: names that
// must be (so that the `without` check is known to look for something real). The default entry
// and `describe` carry the catalog: their limits leave at most 2.7 KB for the codes of Alipay's API
// pages over what the composable pipeline reached (11,044 B measured, so 13,808 B: the guard is
// 13.48 KB, 13,803 B; `describe`'s 4.25 KB guard, so 6.95 KB).
const CHECKS = [
  {
    name: 'default entry (call, api, configure, policies, Alipay catalog)',
    code: "export * from './dist/esm/index.js'",
    limit: 13.48 * KB,
    without: FOLLOW_UP,
  },
  {
    name: 'catalog and lookup (describe, classify)',
    code: "export { describe, classify } from './dist/esm/index.js'",
    limit: 6.95 * KB,
    without: PIPELINE,
  },
  { name: 'code without the catalog', code: "export * from './dist/esm/index.js'", plugins: [withoutCatalog], limit: 7.75 * KB },
  {
    name: 'a page that calls but never pays',
    code: "import { call } from './dist/esm/index.js'; export function load() { return call('request', { url: '/orders' }); }",
    without: FOLLOW_UP,
  },
  {
    name: 'a page that pays (+ minicall/payment)',
    code: "import { configure, call } from './dist/esm/index.js'; import { paymentFollowUp } from './dist/esm/policies/payment.js'; configure({ steps: [paymentFollowUp] }); export function pay(tradeNO) { return call('tradePay', { tradeNO: tradeNO }); }",
    with: FOLLOW_UP,
  },
  { name: 'minicall/unionpay', code: "export * from './dist/esm/platforms/unionpay/index.js'" },
  { name: 'minicall/en', code: "export * from './dist/esm/locales/en.js'" },
  { name: 'minicall/solutions', code: "export * from './dist/esm/solutions/index.js'" },
  { name: 'minicall/testing (Node)', code: "export * from './dist/esm/testing/index.js'", platform: 'node' },
];

let failed = false;
const rows = [];
for (const check of CHECKS) {
  const text = await bundle(check);
  const gz = gzipped(text);
  const over = check.limit && gz > check.limit;
  if (over) failed = true;
  rows.push([
    check.name,
    `${(text.length / KB).toFixed(2)} KB`,
    `${(gz / KB).toFixed(2)} KB`,
    check.limit ? `${check.limit / KB} KB${over ? '  OVER' : ''}` : 'reported',
  ]);
  // Tree-shaking: what a page does not use is not in its bundle, and what it uses is.
  for (const marker of check.without || []) {
    if (text.toLowerCase().includes(marker.toLowerCase())) {
      failed = true;
      rows.push([`  tree-shaking: contains "${marker}"`, '', '', 'FAIL']);
    }
  }
  for (const marker of check.with || []) {
    if (!text.includes(marker)) {
      failed = true;
      rows.push([`  tree-shaking: lacks "${marker}"`, '', '', 'FAIL']);
    }
  }
}
const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), ['bundle', 'minified', 'gzipped', 'budget'][i].length));
const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(line(['bundle', 'minified', 'gzipped', 'budget']));
for (const r of rows) console.log(line(r));
// README states the default entry's budget; keep the claim and the check the same number.
const budget = CHECKS[0].limit / KB;
for (const file of ['README.md', 'README.zh-CN.md']) {
  const text = readFileSync(join(root, file), 'utf8');
  if (!text.includes(`${budget} KB`)) {
    console.log(`${file} does not state the default entry's budget (${budget} KB).`);
    failed = true;
  }
}
if (failed) {
  console.error('size check failed');
  process.exit(1);
}
