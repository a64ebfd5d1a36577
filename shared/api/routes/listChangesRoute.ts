import { invalidInput, TenantNotAllowedError } from '../../errors/requestErrors';
import type { Settings } from '../../config/settings';
import { decodeFeedPosition, InvalidFeedPositionError, type FeedPosition } from '../../feed/feedPosition';
import { single, type ParsedQuery, type QueryParameterSpec, type QuerySpec } from '../../http/queryParameters';
import { guidText } from '../../ids/idsAndLimits';
import { changeTypes, type ChangeType } from '../../snapshots/numberChange';
import type { ApiRoute } from '../apiRoute';
import { topParameter } from '../commonParameters';
import { appFailure, invalidRequest, tenantNotAllowed } from '../problemDescriptions';
import { instant, isoDateTime } from './getTenantNumberChangesRoute';

export const defaultFeedTop = 100;
const maxFeedTop = 1000;

/** A feed position as the API hands it out (listChanges' cursor, pollChanges' triggerState). */
export const feedPositionParameter = (what: string): QueryParameterSpec => ({
  schema: { type: 'string', maxLength: 200, pattern: '^[A-Za-z0-9_-]{1,200}$' },
  mustBe: `the ${what} from an earlier answer`,
});

export const feedTenantsParameter: QueryParameterSpec = {
  schema: { type: 'string', maxLength: 4000, pattern: `^\\s*${guidText}\\s*(,\\s*${guidText}\\s*)*$` },
  mustBe: 'a tenant GUID, or a comma list of them',
  repeatable: true,
};

export const changeTypeParameter: QueryParameterSpec = { schema: { enum: changeTypes }, mustBe: `one of ${changeTypes.join(', ')}` };

/** `listChanges`: where to start (cursor or since), filters, page size. */
export const listChangesQuerySpec: QuerySpec = {
  cursor: feedPositionParameter('cursor'),
  since: isoDateTime,
  msTenantId: feedTenantsParameter,
  changeType: changeTypeParameter,
  top: topParameter(maxFeedTop),
};

/**
 * The tenants a feed reader sees: those it asked for (all when it named none), never one outside
 * ALLOWED_TENANTS (naming one is a 403, like on every tenant route).
 */
export function feedTenantFilter(parsed: ParsedQuery, settings: Settings): (msTenantId: string) => boolean {
  const asked = (parsed['msTenantId'] ?? [])
    .flatMap((value) => value.split(','))
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const allowed = settings.allowedTenants;
  for (const msTenantId of asked) if (allowed && !allowed.has(msTenantId)) throw new TenantNotAllowedError(msTenantId);
  const wanted = asked.length > 0 ? new Set(asked) : undefined;
  return (msTenantId) => (wanted ? wanted.has(msTenantId) : allowed === null || allowed.has(msTenantId));
}

/** A position token from the query; a forged or damaged one is the caller's mistake (400). */
export function feedPositionFrom(parsed: ParsedQuery, name: 'cursor' | 'triggerState'): FeedPosition | undefined {
  const token = single(parsed, name);
  if (token === undefined) return undefined;
  try {
    return decodeFeedPosition(token);
  } catch (error) {
    if (error instanceof InvalidFeedPositionError)
      throw invalidInput([{ parameter: name, detail: `Query parameter "${name}" is not a ${name} this API issued.` }]);
    throw error;
  }
}

export interface ListChangesQuery {
  from: FeedPosition | { since: Date } | 'start';
  changeType: ChangeType | undefined;
  top: number;
}

export function listChangesQueryFrom(parsed: ParsedQuery): ListChangesQuery {
  const cursor = feedPositionFrom(parsed, 'cursor');
  const since = instant('since', single(parsed, 'since'));
  if (cursor && since) throw invalidInput([{ parameter: 'since', detail: 'Give cursor or since, not both: a cursor already says where to resume.' }]);
  return {
    from: cursor ?? (since ? { since } : 'start'),
    changeType: single(parsed, 'changeType') as ChangeType | undefined,
    top: Number(single(parsed, 'top') ?? defaultFeedTop),
  };
}

export const listChangesRoute: ApiRoute = {
  name: 'listChanges',
  operationId: 'ListChanges',
  method: 'GET',
  route: 'changes',
  authLevel: 'function',
  tag: 'Snapshots',
  summary: 'List changes of every tenant',
  description:
    'The operator-wide change feed: the changes the snapshots detected in every visible tenant, oldest first, in the order they were committed. ' +
    'Resume with the cursor of the last answer to see every later change exactly once, including changes of runs that were still writing when you read. ' +
    'Follow nextLink while it is present. Reads Table Storage only.',
  visibility: 'advanced',
  pathParameters: [],
  query: listChangesQuerySpec,
  queryDocs: {
    cursor: { title: 'Cursor', description: 'Resume after the last change of an earlier answer (its cursor).', visibility: 'advanced' },
    since: {
      title: 'Since',
      description: 'Without a cursor: start with the changes committed at or after this time. Neither: start with the oldest change kept.',
      visibility: 'important',
    },
    msTenantId: { title: 'Tenant IDs', description: 'Only these tenants: repeat the parameter or give a comma list.', visibility: 'important' },
    changeType: { title: 'Change Type', description: 'Only changes of this type.', visibility: 'important' },
    top: { title: 'Page Size', description: 'At most this many changes per page.', visibility: 'advanced', default: defaultFeedTop },
  },
  headers: ['X-Correlation-Id'],
  responses: [
    { status: 200, description: 'One page of the feed; cursor resumes after its last change.', body: 'ChangeFeedPage', headers: ['X-Correlation-Id'] },
  ],
  notModified: false,
  problems: {
    400: `${invalidRequest} A cursor this API did not issue is refused too.`,
    403: `${tenantNotAllowed} (a tenant named in msTenantId)`,
    500: appFailure,
  },
  pageable: true,
};
