import { invalidInput } from '../http/apiError';
import type { QueryParameterSpec } from '../http/queryParameters';
import { InvalidContinuationError } from '../storage/continuationToken';

/** Paging of the change and run listings: `top` plus an opaque `continuation`, carried by `nextLink`. */
export const continuationParameter: QueryParameterSpec = {
  schema: { type: 'string', maxLength: 8192, pattern: '^[A-Za-z0-9_-]{1,8192}$' },
  mustBe: 'the continuation token from a nextLink',
};

export function topParameter(max: number): QueryParameterSpec {
  return { schema: { type: 'string', integerRange: [1, max] }, mustBe: `an integer from 1 to ${max}` };
}

/** The same URL with every filter kept, the next page's continuation, and the function key `code` removed. */
export function nextLinkWith(requestUrl: string, continuation: string | undefined): string | undefined {
  if (continuation === undefined) return undefined;
  const url = new URL(requestUrl);
  url.searchParams.delete('code');
  url.searchParams.set('continuation', continuation);
  return url.toString();
}

/** A forged or foreign continuation is the caller's mistake: 400, not 500. */
export async function withCheckedContinuation<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidContinuationError) throw invalidInput([{ parameter: 'continuation', detail: `Query parameter "continuation" ${error.message.replace(/^continuation /, '')}.` }]);
    throw error;
  }
}
