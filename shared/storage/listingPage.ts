import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { decodeContinuation, encodeContinuation } from './continuationToken';
import { isNotFound } from './storageErrors';

export interface ListingPage<T> {
  entities: TableEntityResult<T>[];
  /** Where the next page starts, as the API's `continuation`; absent on the last page. */
  continuation?: string;
}

/**
 * One page of a listing the API pages through by `continuation`: at most `top` entities matching
 * `filter`, from where `continuation` (issued for this `scope` only) says. A table that does not
 * exist yet (no snapshot has run) is an empty listing.
 */
export async function listingPage<T extends object>(
  table: TableClient,
  query: { filter: string; top: number; continuation?: string | undefined; scope: string },
): Promise<ListingPage<T>> {
  const continuationToken = query.continuation === undefined ? undefined : decodeContinuation(query.continuation, query.scope);
  const pages = table.listEntities<T>({ queryOptions: { filter: query.filter } }).byPage({ maxPageSize: query.top, continuationToken });
  let page;
  try {
    page = await pages.next();
  } catch (error) {
    if (isNotFound(error)) return { entities: [] };
    throw error;
  }
  if (page.done) return { entities: [] };
  const token = page.value.continuationToken;
  return token ? { entities: page.value, continuation: encodeContinuation(token, query.scope) } : { entities: page.value };
}
