/**
 * Every error code Alipay documents on its `my.*` API pages is in codes/alipay.json. The pages'
 * tables, row by row with each row's page (public repository AlipayDocs/open-docs, folder mini/api),
 * are in test/fixtures/alipay-api-error-tables.json; each row must be explained by an entry naming
 * its API (or its group) whose text, or one of its variants, is the row's, with the row's page as
 * its source. The runtime lookup must give the same entry.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe as describeCode } from '../src/index';

interface Text {
  message: string;
  solution?: string;
  source?: string;
}

interface Entry extends Text {
  code: number | string;
  apis: string[];
  variants?: Text[];
  kind: string;
  action?: string;
}

interface Row {
  api: string;
  code: number | string;
  description: string;
  solution: string;
  source: string;
}

const root = path.resolve(__dirname, '..');
const fixture = path.join(__dirname, 'fixtures/alipay-api-error-tables.json');
const reference = JSON.parse(readFileSync(fixture, 'utf8')) as { rows: Row[] };
const catalog = JSON.parse(readFileSync(path.join(root, 'codes/alipay.json'), 'utf8')) as {
  groups: Record<string, string[]>;
  entries: Entry[];
};

/** A row's code as the catalog keeps it: numbers as numbers, strings without the table's quotes. */
function codeOf(code: number | string): number | string {
  if (typeof code === 'number') return code;
  const text = code.trim();
  return /^-?\d+$/.test(text) ? +text : text.replace(/^"(.*)"$/, '$1');
}

/** The entry describe() picks for a row: one naming the API, else one whose group holds it. */
function entryFor(row: Row): Entry | undefined {
  const code = codeOf(row.code);
  const withCode = catalog.entries.filter((e) => e.code === code);
  const group = (name: string) => name[0] === '@' && (catalog.groups[name.slice(1)] || []).indexOf(row.api) !== -1;
  return withCode.filter((e) => e.apis.indexOf(row.api) !== -1)[0] || withCode.filter((e) => e.apis.some(group))[0];
}

/** Whether the row's text and page are the entry's own or one of its variants'. */
function explains(entry: Entry, row: Row): boolean {
  const texts = [entry as Text].concat(entry.variants || []);
  const page = (t: Text) => (t.source === undefined ? t === entry : t.source.endsWith(' ' + row.source));
  return texts.some((t) => t.message === row.description.trim() && page(t));
}

const pair = (row: Row) => `${row.api} ${JSON.stringify(row.code)}`;

describe("Alipay's API pages", () => {
  it('are the rows read from AlipayDocs/open-docs (293 rows, 281 API and code pairs)', () => {
    expect(reference.rows.length).toBe(293);
    expect(new Set(reference.rows.map((r) => r.api + ' ' + codeOf(r.code))).size).toBe(281);
    const shared = path.resolve(root, '../shared/reference/alipay-api-error-tables.json');
    if (existsSync(shared)) expect(readFileSync(fixture, 'utf8')).toBe(readFileSync(shared, 'utf8'));
  });

  it.each(reference.rows.map((row) => [pair(row), row] as const))('%s has an entry naming its API', (_name, row) => {
    const entry = entryFor(row);
    expect(entry && { code: entry.code, explained: explains(entry, row) }).toEqual({ code: codeOf(row.code), explained: true });
  });

  it.each(reference.rows.map((row) => [pair(row), row] as const))('%s is what describe() finds', (_name, row) => {
    const entry = entryFor(row)!;
    const found = describeCode(row.api, codeOf(row.code));
    expect(found && { message: found.message, kind: found.kind, action: found.action }).toEqual({
      message: entry.message,
      kind: entry.kind,
      action: entry.action,
    });
  });

  it('name their page in every entry added from them', () => {
    const pages = new Set(reference.rows.map((r) => r.source));
    const added = catalog.entries.filter((e) => e.source !== undefined && e.source.indexOf('AlipayDocs/open-docs@') === 0);
    expect(added.length).toBeGreaterThan(100);
    for (const e of added) {
      const paths = [e.source!].concat((e.variants || []).map((v) => v.source || '')).map((s) => s.replace(/^\S+ /, ''));
      expect({ code: e.code, unknown: paths.filter((p) => !pages.has(p)) }).toEqual({ code: e.code, unknown: [] });
    }
  });
});
