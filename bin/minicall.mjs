#!/usr/bin/env node
// Explains the error codes of Alipay my.* and UnionPay upsdk APIs from codes/*.json.
// Reads the JSON files directly, so it needs nothing but Node. `minicall help` prints the usage.
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const USAGE = `Usage:
  minicall explain <code> [--api <name>] [--platform alipay|unionpay] [--json]
  minicall list [--kind cancel|retryable|fatal|pending] [--source seed|docs] [--api <name>]
                [--platform alipay|unionpay] [--json]
  minicall help [explain|list|help]
  minicall --version

Commands:
  explain  What a code means and what to do about it. Without --platform it
           searches alipay, then unionpay. Exits 1 when no entry matches.
  list     One line per entry. Without --platform it lists alipay only.
  help     Print this usage.
explain and list include minicall's own codes (UNSUPPORTED, TIMEOUT, ABORTED, ...).

Options:
  --api <name>       Only entries for this API; the my. or upsdk. prefix is optional.
                     A name the catalog does not know is reported with the nearest known names.
  --platform <name>  alipay or unionpay.
  --kind <kind>      Only entries of this kind (list only).
  --source <from>    docs: only entries added from documentation beyond the seed
                     tables (an API page, upsdk.js), each line ending with its page;
                     seed: only the others, the seed tables' rows and minicall's own
                     codes (list only).
  --json             Print the entries as JSON (explain prints [] when none matches).
  -h, --help         Print this usage.
  -v, --version      Print the version of minicall.

Exit status: 0 on success; 1 on any error (reported on stderr), a code with no entry included.

Examples:
  minicall explain 13 --api request
  minicall explain a10
  minicall list --kind pending
  minicall list --source docs --api getLocation`;

const PLATFORMS = ['alipay', 'unionpay'];
const KINDS = ['cancel', 'retryable', 'fatal', 'pending'];
const COMMANDS = ['explain', 'list', 'help'];
const VALUE_OPTIONS = ['api', 'platform', 'kind', 'source'];
// An entry with a `source` came from documentation beyond the seed tables (an API page, upsdk.js),
// except minicall's own codes, whose source is minicall itself.
const fromDocs = (e) => e.source !== undefined && e.source !== 'minicall';
const SOURCES = { seed: (e) => !fromDocs(e), docs: fromDocs };
const API_WIDTH = 40;

/** Ends the run with one `minicall: …` line on stderr (and the usage, for a usage error) and exit status 1. */
class Failure extends Error {
  constructor(message, usage = false) {
    super(message);
    this.usage = usage;
  }
}
const fail = (message) => {
  throw new Failure(message);
};
const usageError = (message) => {
  throw new Failure(message, true);
};

function parse(argv) {
  const args = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--version' || arg === '-v') args.version = true;
    else if (arg === '--json') args.json = true;
    // Negative codes such as -1 are codes, not options.
    else if (arg.startsWith('-') && !/^-\d/.test(arg)) {
      const eq = arg.indexOf('=');
      const name = arg.startsWith('--') ? arg.slice(2, eq < 0 ? undefined : eq) : '';
      if (!VALUE_OPTIONS.includes(name)) usageError(`unknown option ${arg}`);
      const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
      if (!value || value.startsWith('-')) usageError(`--${name} needs a value`);
      args[name] = value;
    } else args._.push(arg);
  }
  return args;
}

// The package's files are found next to this file, wherever npm installed it.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const files = Object.fromEntries([...PLATFORMS, 'minicall'].map((name) => [name, readJson(`codes/${name}.json`)]));

/** Entries of the given platforms in that order, then minicall's own codes once; each entry knows its platform. */
function catalog(platforms) {
  return [...platforms, 'minicall'].flatMap((name) => files[name].entries.map((e) => ({ platform: name, ...e, apis: e.apis || [] })));
}

/** An entry with no APIs applies to every API; `@group` stands for every member of that platform's group. */
function appliesTo(entry, api) {
  if (!api || !entry.apis.length) return true;
  const groups = files[entry.platform].groups || {};
  return entry.apis.some((name) => name === api || (name.startsWith('@') && (groups[name.slice(1)] || []).includes(api)));
}

/** Every API name any catalog mentions, group members and the `@group` names included. */
function knownApis() {
  const names = new Set();
  for (const file of Object.values(files)) {
    for (const entry of file.entries) for (const name of entry.apis || []) names.add(name);
    for (const [group, members] of Object.entries(file.groups || {})) [`@${group}`, ...members].forEach((n) => names.add(n));
  }
  return names;
}

function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}

/** Why an --api name finds nothing, with the nearest known names (a typo or a wrong case), or undefined for a known name. */
function unknownApi(api, label) {
  const known = knownApis();
  if (!api || known.has(api)) return undefined;
  const near = [...known]
    .map((name) => ({ name, d: name.toLowerCase() === api.toLowerCase() ? 0 : editDistance(name, api) }))
    .filter(({ d }) => d <= 2)
    .sort((x, y) => x.d - y.d || x.name.localeCompare(y.name))
    .slice(0, 3)
    .map(({ name }) => name);
  return `no API "${api}" in the ${label} catalog${near.length ? `; did you mean ${near.join(' or ')}?` : ''}`;
}

function show(entry) {
  const apis = entry.apis.length ? entry.apis.join(', ') : entry.scope ? `${entry.scope} API` : 'any API';
  // explain may search both platforms, so anything that is not alipay (the default) says where it comes from.
  const where = entry.platform === 'alipay' ? apis : `${entry.platform}: ${apis}`;
  const lines = [`${entry.code}  [${entry.kind}]  ${where}`, `  meaning:  ${entry.message.replace(/\n/g, '\n            ')}`];
  if (entry.solution) lines.push(`  solution: ${entry.solution.replace(/\n/g, '\n            ')}`);
  for (const variant of entry.variants || []) {
    lines.push(`  also:     ${variant.message}${variant.solution ? ` — ${variant.solution}` : ''}`.replace(/\n/g, '\n            '));
    if (variant.source) lines.push(`            (${variant.source})`);
  }
  if (entry.action) lines.push(`  action:   ${entry.action}`);
  lines.push(`  hint:     ${entry.hint}  /  ${entry.hintEn}`);
  if (entry.note) lines.push(`  note:     ${entry.note}`);
  if (entry.source) lines.push(`  source:   ${entry.source}`);
  return lines.join('\n');
}

/** The page an entry comes from, and how many more pages document it (as variants). */
function pages(entry) {
  const name = (source) => source.split('/').pop();
  const more = new Set((entry.variants || []).filter((v) => v.source).map((v) => name(v.source)));
  more.delete(name(entry.source));
  return name(entry.source) + (more.size ? ` +${more.size} more` : '');
}

/**
 * One line per entry; the API column is cut with … so a reader sees it was cut, and the columns stay
 * aligned. With `withPage`, each line ends with the page the entry comes from.
 */
function table(entries, withPage) {
  const codeWidth = entries.reduce((width, e) => Math.max(width, String(e.code).length), 0) + 2;
  const cut = (text) => (text.length > API_WIDTH ? `${text.slice(0, API_WIDTH - 1)}…` : text);
  return entries.map(
    (e) =>
      `${String(e.code).padEnd(codeWidth)}${e.kind.padEnd(11)}${cut(e.apis.join(',') || e.scope || '').padEnd(API_WIDTH + 2)}${e.message.split('\n')[0]}` +
      (withPage && e.source ? `  (${pages(e)})` : ''),
  );
}

/** Runs one command line; `print` and `printError` each take one line (or block) of output. */
function main(argv, print, printError) {
  const args = parse(argv);
  if (args.help) return print(USAGE);
  if (args.version) return print(readJson('package.json').version);
  const [command, ...rest] = args._;
  if (command === undefined) usageError('no command given');
  if (!COMMANDS.includes(command)) usageError(`unknown command "${command}"`);
  if (command === 'explain' && !rest.length) usageError('explain needs a code');
  // explain takes one code, help one command name, list nothing; anything more is a mistake, not something to ignore.
  const allowed = command === 'list' ? 0 : 1;
  if (rest.length > allowed) usageError(`unexpected argument "${rest[allowed]}"`);
  if (command === 'help') {
    if (rest.length && !COMMANDS.includes(rest[0])) usageError(`unknown command "${rest[0]}"`);
    return print(USAGE);
  }
  if (args.kind && command !== 'list') usageError('--kind is for list only');
  if (args.source && command !== 'list') usageError('--source is for list only');

  if (args.platform && !PLATFORMS.includes(args.platform)) fail(`unknown platform "${args.platform}": use alipay or unionpay`);
  if (args.kind && !KINDS.includes(args.kind)) fail(`unknown kind "${args.kind}": use ${KINDS.join(', ')}`);
  if (args.source && !Object.hasOwn(SOURCES, args.source)) fail(`unknown source "${args.source}": use seed or docs`);
  // A code alone rarely says which platform it came from, so explain looks in both; list keeps to one platform.
  const platforms = args.platform ? [args.platform] : command === 'explain' ? PLATFORMS : ['alipay'];
  const label = platforms.join(' or ');
  const api = args.api && args.api.replace(/^(my|upsdk)\./, '');
  const apiProblem = unknownApi(api, label);
  const entries = catalog(platforms);

  let found;
  if (command === 'explain') {
    const code = rest[0].trim();
    found = entries.filter((e) => String(e.code) === code && appliesTo(e, api));
    if (!found.length) {
      if (args.json) print('[]'); // a script reading stdout still gets JSON
      const tries = platforms.map((p) => `\`minicall list --platform ${p}\``).join(' or ');
      fail(apiProblem || `no ${label} entry for code ${code}${api ? ` and API ${api}` : ''}; try ${tries}`);
    }
  } else {
    found = entries.filter((e) => (!args.kind || e.kind === args.kind) && (!args.source || SOURCES[args.source](e)) && appliesTo(e, api));
  }
  // minicall's own codes apply to every API, so an unknown name can still find entries: say so, but do not fail.
  if (apiProblem) printError(`minicall: ${apiProblem}`);

  if (args.json) print(JSON.stringify(found, null, 2));
  else if (command === 'explain') print(found.map(show).join('\n\n'));
  else if (found.length) print(table(found, args.source === 'docs').join('\n'));
}

/**
 * Runs `argv` (the arguments after `minicall`) and returns the exit status: 0, or 1 after a
 * `minicall: …` line on `printError`. An error that is not one of the CLI's own is thrown as it is.
 */
function execute(argv, print, printError) {
  try {
    main(argv, print, printError);
    return 0;
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    printError(`minicall: ${error.message}${error.usage ? `\n\n${USAGE}` : ''}`);
    return 1;
  }
}

/**
 * The CLI without the process: runs `argv` (the arguments after `minicall`) and returns the exit
 * status with what it would print on stdout and stderr, each line ending in a newline.
 *
 * @example
 * run(['explain', '13', '--api', 'request']).stdout
 */
export function run(argv) {
  let stdout = '';
  let stderr = '';
  const status = execute(
    argv,
    (text) => (stdout += `${text}\n`),
    (text) => (stderr += `${text}\n`),
  );
  return { status, stdout, stderr };
}

/** Whether Node runs this file as its main program (directly, or through npm's bin link), not an import of it. */
function isMain() {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch (error) {
    return false;
  }
}

if (isMain()) {
  // Printed as it goes, each stream in its own order, as a program's output is.
  const status = execute(
    process.argv.slice(2),
    (text) => console.log(text),
    (text) => console.error(text),
  );
  // exitCode rather than exit(), so output already written to a pipe is not cut off.
  if (status) process.exitCode = status;
}
