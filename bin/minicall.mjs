#!/usr/bin/env node
// npx minicall explain <code> [--api <name>] [--platform alipay|unionpay] [--json]
// npx minicall list [--kind <kind>] [--platform alipay|unionpay] [--json]
// Reads codes/*.json directly, so it needs nothing but Node.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const USAGE = `Usage:
  minicall explain <code> [--api <name>] [--platform alipay|unionpay] [--json]
  minicall list [--kind cancel|retryable|fatal|pending] [--platform alipay|unionpay] [--json]

Examples:
  minicall explain 13 --api request
  minicall explain a10 --platform unionpay
  minicall list --kind pending`;

const PLATFORMS = ['alipay', 'unionpay'];
const KINDS = ['cancel', 'retryable', 'fatal', 'pending'];

function fail(message) {
  console.error(`minicall: ${message}`);
  process.exit(1);
}

function parse(argv) {
  const args = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') args.json = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=');
      const value = inline !== undefined ? inline : argv[++i];
      if (!['api', 'platform', 'kind'].includes(name)) fail(`unknown option --${name}\n${USAGE}`);
      if (value === undefined || value.startsWith('--')) fail(`--${name} needs a value`);
      args[name] = value;
    } else args._.push(arg);
  }
  return args;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (name) => JSON.parse(readFileSync(join(root, 'codes', name + '.json'), 'utf8'));

/** Entries of a platform plus minicall's own codes, each knowing its platform. */
function catalog(platform) {
  const own = read(platform);
  const minicall = read('minicall');
  return {
    groups: own.groups || {},
    entries: [...own.entries, ...minicall.entries].map((e, i) => ({ platform: i < own.entries.length ? platform : 'minicall', ...e, apis: e.apis || [] })),
  };
}

function appliesTo(entry, api, groups) {
  if (!api || !entry.apis.length) return true;
  return entry.apis.some((name) => name === api || (name.startsWith('@') && (groups[name.slice(1)] || []).includes(api)));
}

function show(entry) {
  const lines = [
    `${entry.code}  [${entry.kind}]  ${entry.apis.length ? entry.apis.join(', ') : entry.scope ? `UnionPay ${entry.scope}` : 'any API'}`,
    `  meaning:  ${entry.message.replace(/\n/g, '\n            ')}`,
  ];
  if (entry.solution) lines.push(`  solution: ${entry.solution.replace(/\n/g, '\n            ')}`);
  for (const variant of entry.variants || []) lines.push(`  also:     ${variant.message}${variant.solution ? ` — ${variant.solution}` : ''}`);
  if (entry.action) lines.push(`  action:   ${entry.action}`);
  lines.push(`  hint:     ${entry.hint}  /  ${entry.hintEn}`);
  if (entry.note) lines.push(`  note:     ${entry.note}`);
  if (entry.source) lines.push(`  source:   ${entry.source}`);
  return lines.join('\n');
}

const args = parse(process.argv.slice(2));
const [command, code] = args._;
if (args.help || !command) {
  console.log(USAGE);
  process.exit(command || args.help ? 0 : 1);
}
const platform = args.platform || 'alipay';
if (!PLATFORMS.includes(platform)) fail(`unknown platform "${platform}": use alipay or unionpay`);
if (args.kind && !KINDS.includes(args.kind)) fail(`unknown kind "${args.kind}": use ${KINDS.join(', ')}`);
const api = args.api && args.api.replace(/^(my|upsdk)\./, '');
const { entries, groups } = catalog(platform);

let found;
if (command === 'explain') {
  if (code === undefined) fail(`explain needs a code\n${USAGE}`);
  found = entries.filter((e) => String(e.code) === code.trim() && appliesTo(e, api, groups));
  if (!found.length) {
    fail(`no ${platform} entry for code ${code}${api ? ` and API ${api}` : ''}; try \`minicall list --platform ${platform}\``);
  }
} else if (command === 'list') {
  found = entries.filter((e) => (!args.kind || e.kind === args.kind) && appliesTo(e, api, groups));
} else {
  fail(`unknown command "${command}"\n${USAGE}`);
}

if (args.json) console.log(JSON.stringify(found, null, 2));
else if (command === 'explain') console.log(found.map(show).join('\n\n'));
else for (const e of found) console.log(`${String(e.code).padEnd(14)}${e.kind.padEnd(11)}${(e.apis.join(',') || e.scope || '').slice(0, 40).padEnd(42)}${e.message.split('\n')[0]}`);
