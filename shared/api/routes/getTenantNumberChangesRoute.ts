import { changesQuerySpec, defaultChangesTop } from '../../snapshots/changesQuery';
import type { ApiRoute } from '../apiRoute';
import { channelIdDoc, tenantPathParameter } from '../commonParameters';
import { appFailure, invalidRequest, tenantNotAllowed } from '../problemDescriptions';

export const getTenantNumberChangesRoute: ApiRoute = {
  name: 'getTenantNumberChanges',
  operationId: 'ListNumberChanges',
  method: 'GET',
  route: 'tenants/{msTenantId}/changes',
  authLevel: 'function',
  tag: 'Snapshots',
  summary: 'List number changes',
  description:
    "Lists the changes the snapshots detected in a customer tenant's numbers, newest first: numbers added, changed, released and reactivated. " +
    'Reads Table Storage only. Follow nextLink for the next page.',
  visibility: 'important',
  pathParameters: [tenantPathParameter],
  query: changesQuerySpec,
  queryDocs: {
    since: { title: 'Since', description: 'Only changes detected at or after this time.', visibility: 'important' },
    until: { title: 'Until', description: 'Only changes detected before this time; must be later than since.', visibility: 'advanced' },
    changeType: { title: 'Change Type', description: 'Only changes of this type.', visibility: 'important' },
    telephoneNumber: { title: 'Telephone Number', description: "Only changes of this number, with or without the leading '+'.", visibility: 'advanced' },
    top: { title: 'Page Size', description: 'At most this many changes per page.', visibility: 'advanced', default: defaultChangesTop },
    continuation: { title: 'Continuation', description: 'Where the next page starts; nextLink carries it.', visibility: 'internal' },
    channelId: { ...channelIdDoc, description: 'Accepted for symmetry with the other tenant routes; the history is per tenant, whatever the channel.' },
  },
  headers: ['X-Ovoc-Channel-Id', 'If-None-Match', 'X-Correlation-Id'],
  responses: [{ status: 200, description: 'One page of changes, newest first.', body: 'ChangeList', headers: ['ETag', 'X-Correlation-Id'] }],
  notModified: true,
  problems: { 400: `${invalidRequest} A continuation from another tenant or a forged one is refused too.`, 403: tenantNotAllowed, 500: appFailure },
  pageable: true,
};
