import type { QuerySpec } from '../../http/queryParameters';
import { channelIdParameter } from '../../http/requestParameters';
import type { ApiRoute } from '../apiRoute';
import { channelIdDoc, tenantPathParameter } from '../commonParameters';
import { appFailure, invalidRequest, storageUnavailable, tenantNotAllowed } from '../problemDescriptions';

/** `requestTenantSnapshot`: the channel to snapshot through, and whether to lift the mass-removal guard. */
export const snapshotRequestQuerySpec: QuerySpec = {
  channelId: channelIdParameter,
  force: { schema: { enum: ['true', 'false'] }, mustBe: 'true or false' },
};

export const requestTenantSnapshotRoute: ApiRoute = {
  name: 'requestTenantSnapshot',
  operationId: 'RequestSnapshot',
  method: 'POST',
  route: 'tenants/{msTenantId}/snapshots',
  authLevel: 'function',
  tag: 'Snapshots',
  summary: 'Request a snapshot of a customer',
  description:
    "Queues a snapshot of the tenant's numbers now, outside the schedule. The answer names the run; its Location reports the run's progress. At most one requested run per tenant is pending: asking again while it is queued or running answers with that run.",
  visibility: 'advanced',
  pathParameters: [tenantPathParameter],
  query: snapshotRequestQuerySpec,
  queryDocs: {
    channelId: channelIdDoc,
    force: {
      title: 'Force',
      description:
        "true lifts the mass-removal guard for this run: releases are applied even when they exceed SNAPSHOT_MAX_REMOVAL_RATIO of the tenant's numbers, and every stored row is compared with the answer even when the answer is unchanged (to repair rows edited by hand).",
      visibility: 'advanced',
      default: 'false',
    },
  },
  headers: ['X-Ovoc-Channel-Id', 'X-Correlation-Id'],
  responses: [{ status: 202, description: 'The snapshot is queued.', body: 'SnapshotRequested', headers: ['Location', 'X-Correlation-Id'] }],
  notModified: false,
  problems: {
    400: invalidRequest,
    403: `${tenantNotAllowed} Or SNAPSHOT_TENANTS is a list without the tenant. Or force=true without the force right: Snapshots.Force with CALLER_AUTH=entra; with a function key only when SNAPSHOT_FORCE_WITH_KEY is true.`,
    429: "A snapshot of the tenant was requested less than SNAPSHOT_REQUEST_MIN_SECONDS ago (its run has finished): Retry-After says when to ask again. While the tenant's requested run is still queued or running, the answer is 202 with that run instead.",
    500: appFailure,
    503: storageUnavailable,
  },
  pageable: false,
};
