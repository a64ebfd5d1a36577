import type { QuerySpec } from '../../http/queryParameters';
import type { ApiRoute } from '../apiRoute';
import { appFailure, invalidRequest, tenantNotAllowed } from '../problemDescriptions';
import { changeTypeParameter, feedPositionParameter, feedTenantsParameter } from './listChangesRoute';

/** At most this many changes per trigger run; the next poll brings the rest. */
export const triggerBatchSize = 100;

/** `pollChanges`: the trigger state Power Automate carries from poll to poll, and the trigger's filters. */
export const pollChangesQuerySpec: QuerySpec = {
  triggerState: feedPositionParameter('triggerState'),
  msTenantId: feedTenantsParameter,
  changeType: changeTypeParameter,
};

/**
 * The Power Automate polling-trigger contract (a custom connector's `x-ms-trigger: batch`):
 * 202 + Location + Retry-After while nothing is new; 200 with the new items and the next Location.
 */
export const pollChangesRoute: ApiRoute = {
  name: 'pollChanges',
  operationId: 'WhenNumbersChange',
  method: 'GET',
  route: 'changes/poll',
  authLevel: 'function',
  tag: 'Snapshots',
  summary: 'When numbers change',
  description:
    "Triggers when the snapshots detect changes in customers' numbers (added, changed, released, reactivated): each change once, oldest first. " +
    'The first poll starts at the newest change; later ones follow the Location header. Reads Table Storage only.',
  visibility: 'important',
  pathParameters: [],
  query: pollChangesQuerySpec,
  queryDocs: {
    triggerState: { title: 'Trigger State', description: 'Where the last poll stopped; the Location header carries it.', visibility: 'internal' },
    msTenantId: { title: 'Tenant IDs', description: 'Only changes of these tenants: a comma list. Empty: every tenant.', visibility: 'important' },
    changeType: { title: 'Change Type', description: 'Only changes of this type, such as released. Empty: every type.', visibility: 'important' },
  },
  headers: ['X-Correlation-Id'],
  responses: [
    {
      status: 200,
      description: `New changes (at most ${triggerBatchSize}); Location is the next poll.`,
      body: 'ChangeTriggerBatch',
      headers: ['Location', 'X-Correlation-Id'],
    },
    {
      status: 202,
      description: 'Nothing new: poll Location again after Retry-After seconds. No body.',
      headers: ['Location', 'Retry-After', 'X-Correlation-Id'],
    },
  ],
  notModified: false,
  problems: {
    400: `${invalidRequest} A triggerState this API did not issue is refused too.`,
    403: `${tenantNotAllowed} (a tenant named in msTenantId)`,
    500: appFailure,
  },
  pageable: false,
  trigger: { kind: 'batch', hint: 'To see it work, request a snapshot of a tenant whose numbers changed (or wait for the next scheduled one).' },
};
