import { createHash } from 'node:crypto';
import { numberPredicate } from './filterNumbers';
import type { NumberQuery } from './numberQuery';
import type { NumberRecord } from './numberRecord';
import { pageOf } from './numberPage';
import { projectRecord } from './projectRecord';
import { toCsv } from './toCsv';

export type PageFormat = 'json' | 'csv';

export interface PageText {
  total: number;
  count: number;
  /** `skip` of the next page, absent on the last page. */
  nextSkip: number | undefined;
  /** JSON: the page's `value` array. CSV: the whole document. */
  text: string;
  /** sha256 of `text`, so an ETag need not hash a megabyte again on every cache hit. */
  digest: string;
}

/** Distinct queries remembered per records array: enough for the flows polling one tenant, bounded in memory. */
const queriesPerRecords = 16;
const pages = new WeakMap<readonly NumberRecord[], Map<string, PageText>>();

/**
 * One page of a tenant's numbers: filtered, paged, projected and serialised. A cached upstream
 * answer is served as the same records array every time, so the text is kept beside it (and goes
 * with it): a cache hit repeats no filtering and no serialisation. Records are never changed once served.
 */
export function pageText(records: readonly NumberRecord[], query: NumberQuery, format: PageFormat): PageText {
  const key = JSON.stringify([format, query.filters, query.top, query.skip, query.fields]);
  let known = pages.get(records);
  const kept = known?.get(key);
  if (kept) return kept;

  const page = pageOf(records.filter(numberPredicate(query.filters)), query.top, query.skip);
  const fields = query.fields;
  const text =
    format === 'csv' ? toCsv(page.records, fields) : JSON.stringify(fields ? page.records.map((record) => projectRecord(record, fields)) : page.records);
  const digest = createHash('sha256').update(text).digest('base64url');
  const result: PageText = { total: page.total, count: page.records.length, nextSkip: page.nextSkip, text, digest };

  if (!known) {
    known = new Map();
    pages.set(records, known);
  }
  if (known.size >= queriesPerRecords) known.delete(known.keys().next().value as string);
  known.set(key, result);
  return result;
}
