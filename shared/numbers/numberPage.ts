import { deleteParameter } from '../http/queryNames';
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

/** The same URL with every filter kept, `top`/`skip` moved on, and the function key `code` removed. */
export function nextLinkFor(requestUrl: string, top: number, nextSkip: number): string {
  const url = new URL(requestUrl);
  // Names ignore case, so every spelling goes: a `TOP` left beside the new `top` would be `top` twice.
  for (const name of ['code', 'top', 'skip']) deleteParameter(url.searchParams, name);
  url.searchParams.set('top', String(top));
  url.searchParams.set('skip', String(nextSkip));
  return url.toString();
}
