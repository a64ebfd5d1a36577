import { Readable } from 'node:stream';
import type { TableClient } from '@azure/data-tables';
import type { Logger } from '../logging/logger';
import { numberRecordFields } from '../numbers/numberRecord';
import { effectiveUnassignedSince } from '../snapshots/unassignedSince';
import { csvByteOrderMark, csvCell } from '../numbers/toCsv';
import { operatorMetaColumns, operatorNumberView, operatorRowPredicate, rowScanOf, type OperatorNumberView } from './operatorNumberView';
import type { OperatorNumbersQuery } from './operatorNumbersQuery';
import { scanOperatorRows, type OperatorRow } from './operatorRows';
import { readAhead } from './readAhead';
import { decodeRowCursor, encodeRowCursor, type RowCursor } from './rowCursor';

/** Rows read and written per table page when `top` is not given: the largest page a JSON answer may have. */
const exportPageSize = 1000;

export interface OperatorPage {
  views: OperatorNumberView[];
  /** Where the next page starts; absent once the scan reached the end. */
  continuation: string | undefined;
}

/**
 * One page: the first `top` matching rows after the cursor, and a continuation only when another
 * matching row follows (so the last page is never an empty one). Rows that do not match are read and
 * passed over: a rare report can read many rows for a short answer.
 */
export async function readOperatorPage(numbers: TableClient, query: OperatorNumbersQuery, now: Date): Promise<OperatorPage> {
  const top = query.top ?? exportPageSize;
  const after = query.continuation === undefined ? undefined : decodeRowCursor(query.continuation);
  const matches = operatorRowPredicate(query, now);
  const views: OperatorNumberView[] = [];
  let last: RowCursor | undefined;
  for await (const page of scanOperatorRows(numbers, rowScanOf(query, after, now))) {
    for (const row of page) {
      if (!matches(row)) continue;
      if (last && views.length === top) return { views, continuation: encodeRowCursor(last) };
      views.push(operatorNumberView(row, query.fields));
      last = { msTenantId: row.msTenantId, telephoneNumber: row.row.record.telephoneNumber };
    }
  }
  return { views, continuation: undefined };
}

export type StreamFormat = 'csv' | 'ndjson';

/** CSV columns: the record's (or the fields asked for), the tenant first, then the snapshot times. */
export function operatorCsvColumns(fields: OperatorNumbersQuery['fields']): string[] {
  const recordColumns = (fields ?? numberRecordFields).filter((field) => field !== 'msTenantId');
  return ['msTenantId', ...recordColumns, ...operatorMetaColumns];
}

export function renderOperatorRows(views: readonly OperatorNumberView[], format: StreamFormat, columns: readonly string[]): string {
  if (format === 'ndjson') return views.map((view) => `${JSON.stringify(view)}\n`).join('');
  return views.map((view) => `${columns.map((column) => csvCell(column, (view as Record<string, unknown>)[column])).join(',')}\r\n`).join('');
}

/** The first line of every CSV answer, after the UTF-8 byte-order mark every CSV answer starts with (toCsv.ts). */
export const csvHeaderLine = (columns: readonly string[]) => `${csvByteOrderMark}${columns.map((column) => csvCell('', column)).join(',')}\r\n`;

/** Distinct values remembered per column: enough for the repetitive ones (statuses, capabilities, run times). */
const cellsRemembered = 512;

/**
 * A column's cell for a value, remembered while the column has few distinct values: most columns
 * repeat a handful of values across a whole export, so each is neutralised and quoted once. Arrays and
 * objects are remembered by identity: the scan hands out one parsed value per distinct JSON text and
 * never changes it (operatorRows.ts).
 */
function rememberedCells(column: string): (value: unknown) => string {
  const known = new Map<unknown, string>();
  return (value) => {
    let cell = known.get(value);
    if (cell === undefined) {
      cell = csvCell(column, value);
      if (known.size < cellsRemembered) known.set(value, cell);
    }
    return cell;
  };
}

/** The cell of a time column, remembered by the instant: the rows of one run share their times. */
function rememberedTimes(column: string): (value: Date | null) => string {
  const known = new Map<number, string>();
  return (value) => {
    if (value === null) return csvCell(column, null);
    const instant = value.getTime();
    let cell = known.get(instant);
    if (cell === undefined) {
      cell = csvCell(column, value.toISOString());
      if (known.size < cellsRemembered) known.set(instant, cell);
    }
    return cell;
  };
}

/**
 * One CSV line per row straight from the row, cell for cell what `renderOperatorRows` writes for its
 * view (a test compares them): an export formats every row of the table, so it skips building each
 * row's view object and formats each repeated value once.
 */
export function operatorCsvLine(columns: readonly string[]): (candidate: OperatorRow) => string {
  const cells = columns.map((column): ((candidate: OperatorRow) => string) => {
    const cellOf = rememberedCells(column);
    const timeOf = rememberedTimes(column);
    switch (column) {
      case 'msTenantId':
        return ({ msTenantId }) => cellOf(msTenantId);
      case 'state':
        return ({ row }) => cellOf(row.meta.state);
      case 'firstSeenAt':
        return ({ row }) => timeOf(row.meta.firstSeenAt);
      case 'lastChangedAt':
        return ({ row }) => timeOf(row.meta.lastChangedAt);
      case 'releasedAt':
        return ({ row }) => timeOf(row.meta.releasedAt);
      case 'unassignedSince':
        return ({ row }) => timeOf(effectiveUnassignedSince(row.record, row.meta));
      default:
        return ({ row }) => cellOf((row.record as unknown as Record<string, unknown>)[column]);
    }
  });
  return (candidate) => {
    let line = '';
    for (let index = 0; index < cells.length; index++) line += (index === 0 ? '' : ',') + (cells[index] as (candidate: OperatorRow) => string)(candidate);
    return `${line}\r\n`;
  };
}

/** Table pages asked for ahead of the one being formatted (each at most 1,000 rows). */
const pagesAhead = 2;

/**
 * Every matching row as CSV or NDJSON, one service page (≤ 1,000 rows) per chunk, the next pages
 * read while this one is formatted (readAhead.ts): memory does not grow with the export (a few pages
 * at most). The first page is read before the answer starts, so a storage failure then is still a
 * problem response; a failure later can only cut the stream short (logged).
 */
export async function streamOperatorRows(numbers: TableClient, query: OperatorNumbersQuery, now: Date, format: StreamFormat, log: Logger): Promise<Readable> {
  const matches = operatorRowPredicate(query, now);
  const columns = operatorCsvColumns(query.fields);
  const pages = scanOperatorRows(numbers, rowScanOf(query, undefined, now));
  const first = await pages.next();
  const csvLine = operatorCsvLine(columns);
  const render = (page: readonly OperatorRow[]): string => {
    let text = '';
    for (const candidate of page) {
      if (!matches(candidate)) continue;
      text += format === 'csv' ? csvLine(candidate) : `${JSON.stringify(operatorNumberView(candidate, query.fields))}\n`;
    }
    return text;
  };

  async function* chunks(): AsyncGenerator<Buffer> {
    if (format === 'csv') yield Buffer.from(csvHeaderLine(columns));
    if (first.done) return;
    try {
      const firstText = render(first.value);
      if (firstText) yield Buffer.from(firstText);
      for await (const page of readAhead(pages, pagesAhead)) {
        const text = render(page);
        if (text) yield Buffer.from(text);
      }
    } catch (error) {
      log.error(`Operator export stopped part-way: ${error instanceof Error ? error.message.split('\n')[0] : 'unknown error'}`);
      throw error;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
