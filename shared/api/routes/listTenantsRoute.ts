import { maxTenantsTop, tenantsQuerySpec } from './listTenantsQuery';
import type { ApiRoute } from '../apiRoute';
import { appFailure, invalidRequest } from '../problemDescriptions';

export const listTenantsRoute: ApiRoute = {
  name: 'listTenants',
  operationId: 'ListCustomers',
  method: 'GET',
  route: 'tenants',
  authLevel: 'function',
  tag: 'Snapshots',
  summary: 'List customers and their number counts',
  description:
    'Lists every snapshotted customer tenant with its counts (active, released, unassigned, by assignment status, number status and country) ' +
    'and its latest snapshot, as the snapshots keep them: no number row is read. Follow nextLink for the next page.',
  visibility: 'important',
  pathParameters: [],
  query: tenantsQuerySpec,
  queryDocs: {
    unassignedShareAbove: {
      title: 'Unassigned Share Above',
      description: 'Only tenants whose unassigned ÷ active is above this, from 0 to 1.',
      visibility: 'important',
    },
    staleSnapshotHours: {
      title: 'Stale Snapshot Hours',
      description: 'Only tenants whose last successful snapshot is older than this many hours, or that never had one.',
      visibility: 'advanced',
    },
    format: {
      title: 'Format',
      description: 'json or csv (the by… counts as JSON text). Without format, Accept: text/csv chooses CSV too.',
      visibility: 'internal',
    },
    top: { title: 'Page Size', description: 'At most this many tenants per page.', visibility: 'advanced', default: maxTenantsTop },
    skip: { title: 'Skip', description: 'Tenants to skip before the page starts; nextLink carries it.', visibility: 'internal', default: 0 },
  },
  headers: ['Accept', 'X-Correlation-Id'],
  responses: [
    { status: 200, description: 'One page of tenants, by tenant id, or all of them as CSV.', body: 'TenantList', csv: true, headers: ['X-Correlation-Id'] },
  ],
  notModified: false,
  problems: { 400: invalidRequest, 500: appFailure },
  pageable: true,
};
