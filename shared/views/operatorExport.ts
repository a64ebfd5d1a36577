import { Readable } from 'node:stream';
import type { TableClient } from '@azure/data-tables';
import type { Logger } from '../logging/logger';
import { numberRecordFields } from '../numbers/numberRecord';
import { csvByteOrderMark, csvCell } from '../numbers/toCsv';
import { operatorMetaColumns, operatorNumberView, operatorRowPredicate, rowScanOf, type OperatorNumberView } from './operatorNumberView';
import type { OperatorNumbersQuery } from './operatorNumbersQuery';
import { scanOperatorRows, type OperatorRow } from './operatorRows';
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

/**
 * Every matching row as CSV or NDJSON, one service page (≤ 1,000 rows) per chunk, the next page
 * read while this one is formatted: memory does not grow with the export (two pages at most). The first page is read before the answer starts, so a storage failure then is
 * still a problem response; a failure later can only cut the stream short (logged).
 */
export async function streamOperatorRows(numbers: TableClient, query: OperatorNumbersQuery, now: Date, format: StreamFormat, log: Logger): Promise<Readable> {
  const matches = operatorRowPredicate(query, now);
  const columns = operatorCsvColumns(query.fields);
  const pages = scanOperatorRows(numbers, rowScanOf(query, undefined, now));
  const first = await pages.next();
  const render = (page: readonly OperatorRow[]) => renderOperatorRows(page.filter(matches).map((row) => operatorNumberView(row, query.fields)), format, columns);

  async function* chunks(): AsyncGenerator<Buffer> {
    if (format === 'csv') yield Buffer.from(csvHeaderLine(columns));
    if (first.done) return;
    let current: OperatorRow[] | undefined = first.value;
    try {
      while (current) {
        // The next page is asked for before this one is rendered: storage works while the rows are formatted.
        const next = pages.next();
        next.catch(() => undefined);
        const text = render(current);
        if (text) yield Buffer.from(text);
        const result = await next;
        current = result.done ? undefined : result.value;
      }
    } catch (error) {
      log.error(`Operator export stopped part-way: ${error instanceof Error ? error.message.split('\n')[0] : 'unknown error'}`);
      throw error;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
