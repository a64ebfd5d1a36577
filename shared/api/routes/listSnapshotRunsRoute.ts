import type { QuerySpec } from '../../http/queryParameters';
import { runIdPattern } from '../../snapshots/runIds';
import type { ApiRoute } from '../apiRoute';
import { continuationParameter, topParameter } from '../commonParameters';

export const defaultRunsTop = 20;
const maxRunsTop = 100;

/** `listSnapshotRuns`: one run by id, or a page of runs. */
export const runsQuerySpec: QuerySpec = {
  top: topParameter(maxRunsTop),
  runId: { schema: { type: 'string', maxLength: 31, pattern: runIdPattern }, mustBe: 'a runId as returned by requestTenantSnapshot' },
  continuation: continuationParameter,
};
import { appFailure, invalidRequest, storageUnavailable } from '../problemDescriptions';

export const listSnapshotRunsRoute: ApiRoute = {
  name: 'listSnapshotRuns',
  operationId: 'ListSnapshotRuns',
  method: 'GET',
  route: 'snapshot-runs',
  authLevel: 'function',
  tag: 'Snapshots',
  summary: 'List snapshot runs',
  description: 'Lists snapshot runs, newest first, each with the outcome and counts of its tenants; or one run, by runId. Follow nextLink for the next page.',
  visibility: 'advanced',
  pathParameters: [],
  query: runsQuerySpec,
  queryDocs: {
    top: { title: 'Page Size', description: 'At most this many runs per page.', visibility: 'advanced', default: defaultRunsTop },
    runId: { title: 'Run ID', description: 'Only this run, as requestTenantSnapshot named it.', visibility: 'important' },
    continuation: { title: 'Continuation', description: 'Where the next page starts; nextLink carries it.', visibility: 'internal' },
  },
  headers: ['If-None-Match', 'X-Correlation-Id'],
  responses: [{ status: 200, description: 'One page of runs, newest first.', body: 'RunList', headers: ['ETag', 'X-Correlation-Id'] }],
  notModified: true,
  problems: { 400: invalidRequest, 404: 'No run has this runId.', 500: appFailure, 503: storageUnavailable },
  pageable: true,
};
