import { publicRequestUrl } from './publicAddress';
import { functionKeyParameter } from './queryParameters';
import { deleteParameter } from './queryNames';

/**
 * A listing's `nextLink`: the request's own URL with every filter kept, the paging parameters set
 * to the next page's, and the function key `code` removed (a link may be logged or shared); on
 * PUBLIC_BASE_URL when it is set (publicAddress.ts).
 */
export function nextLink(requestUrl: string, paging: Readonly<Record<string, string>>): string {
  const url = publicRequestUrl(requestUrl);
  // Names ignore case, so every spelling goes: a `TOP` left beside the new `top` would be `top` twice.
  for (const name of [functionKeyParameter, ...Object.keys(paging)]) deleteParameter(url.searchParams, name);
  for (const [name, value] of Object.entries(paging)) url.searchParams.set(name, value);
  return url.toString();
}

/** The nextLink of a listing paged by an opaque `continuation`; none on the last page. */
export function continuationLink(requestUrl: string, continuation: string | undefined): string | undefined {
  return continuation === undefined ? undefined : nextLink(requestUrl, { continuation });
}
