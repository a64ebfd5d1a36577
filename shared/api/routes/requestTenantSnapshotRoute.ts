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
  description: "Queues a snapshot of the tenant's numbers now, outside the schedule. The answer names the run; its Location reports the run's progress.",
  visibility: 'advanced',
  pathParameters: [tenantPathParameter],
  query: snapshotRequestQuerySpec,
  queryDocs: {
    channelId: channelIdDoc,
    force: {
      title: 'Force',
      description: "true lifts the mass-removal guard for this run: releases are applied even when they exceed SNAPSHOT_MAX_REMOVAL_RATIO of the tenant's numbers, and every stored row is compared with the answer even when the answer is unchanged (to repair rows edited by hand).",
      visibility: 'advanced',
      default: 'false',
    },
  },
  headers: ['X-Ovoc-Channel-Id', 'X-Correlation-Id'],
  responses: [{ status: 202, description: 'The snapshot is queued.', body: 'SnapshotRequested', headers: ['Location', 'X-Correlation-Id'] }],
  notModified: false,
  problems: { 400: invalidRequest, 403: tenantNotAllowed, 500: appFailure, 503: storageUnavailable },
  pageable: false,
};
