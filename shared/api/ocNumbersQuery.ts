import type { QuerySpec } from '../http/queryParameters';
import { guidPattern } from '../http/requestParameters';

/** `getOcNumbers` takes exactly the upstream call's query: msTenantId and nothing else. */
export const ocNumbersQuerySpec: QuerySpec = {
  msTenantId: { schema: { type: 'string', maxLength: 36, pattern: guidPattern }, mustBe: 'a GUID' },
};
