/**
 * Every error code Alipay documents on its `my.*` API pages is in codes/alipay.json. The pages'
 * tables, row by row with each row's page (public repository AlipayDocs/open-docs, folder mini/api),
 * are in test/fixtures/alipay-api-error-tables.json; each row must be explained by an entry naming
 * its API (or its group) whose text and solution, or one of its variants', are the row's: from the
 * row's page (its `source`), or the seed's own text where the page says the same. The runtime lookup
 * must give the same entry.
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
const reference = JSON.parse(readFileSync(fixture, 'utf8')) as { rows: Row[]; pages_with_tables: { path: string; revision: string }[] };
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

/** The row's solution as the catalog keeps it: none where the page leaves it empty or writes "-". */
function solutionOf(row: Row): string | undefined {
  const text = row.solution.trim();
  return text === '' || text === '-' ? undefined : text;
}

/** Whether the row's text, solution and page are the entry's own or one of its variants'. */
function explains(entry: Entry, row: Row): boolean {
  const texts = [entry as Text].concat(entry.variants || []);
  const page = (t: Text) => (t.source === undefined ? t === entry : t.source.endsWith(' ' + row.source));
  const solution = solutionOf(row);
  return texts.some((t) => t.message === row.description.trim() && (solution === undefined || t.solution === solution) && page(t));
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
    const entry = entryFor(row);
    const found = describeCode(row.api, codeOf(row.code));
    expect(found && { message: found.message, kind: found.kind, action: found.action }).toEqual(
      entry && { message: entry.message, kind: entry.kind, action: entry.action },
    );
    expect(found).toBeDefined();
  });

  it('are named, with the revision each was read at, by every entry and variant that quotes them', () => {
    // Pages deleted in 184943f2 were read from its parent; the others from a74facf1.
    const pages = new Map(reference.pages_with_tables.map((p) => [p.path, p.revision === 'HEAD' ? 'a74facf1' : '184943f2^']));
    const sources = catalog.entries
      .reduce<(string | undefined)[]>(
        (all, e) =>
          all.concat(
            e.source,
            (e.variants || []).map((v) => v.source),
          ),
        [],
      )
      .filter((source): source is string => source !== undefined);
    expect(sources.length).toBeGreaterThan(200);
    const wrong = sources.filter((source) => {
      const [, revision, path] = source.match(/^AlipayDocs\/open-docs@(\S+) (.*)$/) || [];
      return revision === undefined || pages.get(path) !== revision;
    });
    expect(wrong).toEqual([]);
  });
});
