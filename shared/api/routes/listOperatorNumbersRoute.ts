import { defaultReportDays } from '../../views/operatorNumbersQuery';
import { operatorNumbersQuerySpec } from './listOperatorNumbersQuery';
import type { ApiRoute } from '../apiRoute';
import { recordQueryDocs } from '../commonParameters';
import { appFailure, invalidRequest, tenantNotAllowed } from '../problemDescriptions';
import { getTenantNumbersRoute, maxTop } from './getTenantNumbersRoute';

const { channelId: _channel, source: _source, skip: _skip, top: _top, format: _format, ...filterDocs } = getTenantNumbersRoute.queryDocs;

export const listOperatorNumbersRoute: ApiRoute = {
  name: 'listOperatorNumbers',
  operationId: 'ListAllNumbers',
  method: 'GET',
  route: 'numbers',
  authLevel: 'function',
  tag: 'Numbers',
  summary: 'List numbers of every customer',
  description:
    "Lists every customer's numbers from the snapshots (never the Live Platform), with the filters of List customer numbers, or one of three reports. " +
    'JSON comes in pages (follow nextLink); format=csv or ndjson without top streams every matching number in one answer.',
  visibility: 'important',
  pathParameters: [],
  query: operatorNumbersQuerySpec,
  queryDocs: {
    ...filterDocs,
    fields: recordQueryDocs['fields'] ?? { title: 'Fields', description: 'Record fields to return.', visibility: 'advanced' },
    msTenantId: {
      title: 'Customer Tenant IDs',
      description: 'Only these tenants: repeat the parameter or give a comma list of GUIDs.',
      visibility: 'important',
    },
    state: { title: 'State', description: 'active (default), released, or all.', visibility: 'advanced', default: 'active' },
    format: {
      title: 'Format',
      description:
        'json, csv or ndjson (one JSON object per line). Without top, csv and ndjson carry every matching number. Without format, Accept: text/csv or application/x-ndjson chooses.',
      visibility: 'internal',
    },
    top: {
      title: 'Page Size',
      description: 'At most this many numbers per page (JSON pages hold 1000 when it is not given).',
      visibility: 'advanced',
      default: maxTop,
    },
    continuation: { title: 'Continuation', description: 'Where the next page starts; nextLink carries it.', visibility: 'internal' },
    report: {
      title: 'Report',
      description:
        'assignedWithoutEmergencyAddress: active, assigned, and civicAddressId or locationId empty. idleUnassigned: active and unassigned for at least minDays. ' +
        'recentlyReleased: released within days.',
      visibility: 'important',
    },
    minDays: {
      title: 'Minimum Days Unassigned',
      description: 'idleUnassigned: days unassigned without a break.',
      visibility: 'advanced',
      default: defaultReportDays,
    },
    days: {
      title: 'Released Within Days',
      description: 'recentlyReleased: released within this many days.',
      visibility: 'advanced',
      default: defaultReportDays,
    },
  },
  headers: ['Accept', 'X-Correlation-Id'],
  responses: [
    {
      status: 200,
      description: 'One page of matching numbers, or (csv, ndjson without top) every one of them.',
      body: 'OperatorNumberList',
      csv: true,
      ndjson: true,
      headers: ['Link', 'X-Correlation-Id'],
    },
  ],
  notModified: false,
  problems: { 400: invalidRequest, 403: tenantNotAllowed, 500: appFailure },
  pageable: true,
};
