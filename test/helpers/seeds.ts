/**
 * Reads the two seed tables the catalog in codes/ was built from, so tests can
 * check the catalog against them row by row.
 *
 * The seeds live outside the repository (../shared/seeds next to the repo root)
 * and may be absent; tests that need them check `seedsPresent` first.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const seedsDir = path.resolve(__dirname, '../../../shared/seeds');

const ALIPAY_SEED = path.join(seedsDir, '000_8b3ace154e312f13.txt');
const UNIONPAY_SEED = path.join(seedsDir, '002_552f2040b8ce7412.txt');

export const seedsPresent = existsSync(ALIPAY_SEED) && existsSync(UNIONPAY_SEED);

export interface AlipaySeedRow {
  code: number;
  apis: string[];
  message: string;
  solution?: string;
}

export interface UnionPaySeedRow {
  codes: string[];
  scope: 'server' | 'frontend';
  message: string;
  solution?: string;
}

/** The Alipay table's API cell for the Bluetooth rows; the catalog names it `@bluetooth`. */
const BLUETOOTH_CELL = '蓝牙 API';

const LINK = /\[([^\]]*)\]\([^)]*\)/g;
const LIST_MARKER = /^(?:[-*]|\d+\.)\s+/;

/** Reduces markdown links to their text: `[my.request](https://…)` → `my.request`. */
export function stripLinks(text: string): string {
  return text.replace(LINK, '$1');
}

/**
 * Cleans one Alipay table cell the way codes/alipay.json stores it:
 * links reduced to their text, `**` dropped, `<br />` and list markers
 * (`- `, `1. `) turned into line breaks, blank lines dropped, each line trimmed.
 * A cell that is only `-` means "nothing" and yields undefined.
 */
export function cleanCell(raw: string): string | undefined {
  const text = stripLinks(raw).replace(/\*\*/g, '');
  const lines = text
    .split(/<br\s*\/?>|\n/)
    .map((line) => line.trim().replace(LIST_MARKER, '').trim())
    .filter((line) => line !== '');
  const joined = lines.join('\n');
  return joined === '' || joined === '-' ? undefined : joined;
}

function endsWithPipe(line: string): boolean {
  return /\|\s*$/.test(line);
}

/** Splits a table line `| a | b | c |` into its trimmed cells. */
function splitRow(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split('|').map((cell) => cell.trim());
}

function isHeaderOrRule(cells: string[]): boolean {
  return cells[0].replace(/\*/g, '') === '错误码' || /^-{3,}$/.test(cells[0]);
}

/**
 * Collects table rows, joining a row whose last cell runs over several physical
 * lines (it starts `| 2 | … | <br />- …` and ends on a line that is just ` |`).
 */
function tableRows(lines: string[]): string[] {
  const rows: string[] = [];
  let pending: string | undefined;
  for (const line of lines) {
    if (pending !== undefined) {
      pending += '\n' + line;
      if (endsWithPipe(line)) {
        rows.push(pending);
        pending = undefined;
      }
    } else if (line.startsWith('|')) {
      if (endsWithPipe(line) && splitRow(line).length >= 3) rows.push(line);
      else pending = line;
    }
  }
  if (pending !== undefined) rows.push(pending);
  return rows;
}

function alipayApis(cell: string): string[] {
  const names: string[] = [];
  cell.replace(LINK, (_link, name: string) => {
    names.push(name.trim());
    return '';
  });
  const list = names.length > 0 ? names : cell.split(/[，,]/).map((s) => s.trim()).filter(Boolean);
  return list.map((name) => (name === BLUETOOTH_CELL ? '@bluetooth' : name.replace(/^my\./, '')));
}

/** One item per real row of the Alipay `my.*` error-code table, in seed order. */
export function parseAlipaySeed(): AlipaySeedRow[] {
  const text = readFileSync(ALIPAY_SEED, 'utf8');
  // The trailing map section links to external tables and holds no codes.
  const table = text.split(/^## /m)[0];
  const out: AlipaySeedRow[] = [];
  for (const row of tableRows(table.split('\n'))) {
    const cells = splitRow(row);
    if (isHeaderOrRule(cells)) continue;
    // Empty rows are left over from merged cells in the source document.
    if (cells.every((cell) => cell === '')) continue;
    const [codeCell, apiCell, messageCell, solutionCell = ''] = cells;
    const message = cleanCell(messageCell);
    if (message === undefined) throw new Error(`Alipay seed row without a message: ${row}`);
    const item: AlipaySeedRow = { code: Number(codeCell), apis: alipayApis(apiCell), message };
    const solution = cleanCell(solutionCell);
    if (solution !== undefined) item.solution = solution;
    out.push(item);
  }
  return out;
}

/** One item per row of the UnionPay server and front-end tables, in seed order. */
export function parseUnionPaySeed(): UnionPaySeedRow[] {
  const text = readFileSync(UNIONPAY_SEED, 'utf8');
  const out: UnionPaySeedRow[] = [];
  let scope: UnionPaySeedRow['scope'] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) {
      scope = line.includes('服务端') ? 'server' : line.includes('前端') ? 'frontend' : undefined;
      continue;
    }
    if (scope === undefined || !line.startsWith('|')) continue;
    const cells = splitRow(line);
    if (isHeaderOrRule(cells)) continue;
    const [codeCell, messageCell, solutionCell = ''] = cells;
    const item: UnionPaySeedRow = {
      codes: codeCell.split(/\s+/).filter(Boolean),
      scope,
      message: stripLinks(messageCell).trim(),
    };
    const solution = stripLinks(solutionCell).trim();
    if (solution !== '') item.solution = solution;
    out.push(item);
  }
  return out;
}
