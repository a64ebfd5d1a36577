import type { NumberRecord } from './numberRecord';

export interface NumberPage {
  total: number;
  records: NumberRecord[];
  /** Query to fetch the next page, absent on the last page. */
  nextSkip: number | undefined;
}

export function pageOf(records: readonly NumberRecord[], top: number, skip: number): NumberPage {
  const page = records.slice(skip, skip + top);
  const nextSkip = skip + top < records.length ? skip + top : undefined;
  return { total: records.length, records: page, nextSkip };
}
