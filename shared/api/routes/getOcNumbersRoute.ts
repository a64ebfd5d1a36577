import type { QuerySpec } from '../../http/queryParameters';
import { guidPattern } from '../../ids/idsAndLimits';
import type { ApiRoute } from '../apiRoute';
import { numberLookupProblems } from '../problemDescriptions';

/** `getOcNumbers` takes exactly the upstream call's query: msTenantId and nothing else. */
export const ocNumbersQuerySpec: QuerySpec = {
  msTenantId: { schema: { type: 'string', maxLength: 36, pattern: guidPattern }, mustBe: 'a GUID' },
};

export const getOcNumbersRoute: ApiRoute = {
  name: 'getOcNumbers',
  operationId: 'ListLivePlatformNumbers',
  method: 'GET',
  route: 'v2/oc/numbers',
  authLevel: 'function',
  tag: 'Numbers',
  summary: 'List numbers in the Live Platform format',
  description:
    'A drop-in mirror of the Live Platform call Get Operator Connect Customer Numbers V2: the same query and X-Ovoc-Channel-Id header, ' +
    'and its JSON array unchanged, except that records failing the core schema are dropped (counted in X-Schema-Warnings). ' +
    'A script that called the Live Platform only swaps its base URL and drops its token code.',
  visibility: 'advanced',
  pathParameters: [],
  query: ocNumbersQuerySpec,
  queryDocs: {
    msTenantId: {
      title: 'Customer Tenant ID',
      description: "The customer's Microsoft Entra tenant ID: a GUID, in any case.",
      visibility: 'important',
      required: true,
    },
  },
  headers: ['X-Ovoc-Channel-Id', 'If-None-Match', 'Cache-Control', 'X-Correlation-Id'],
  responses: [
    {
      status: 200,
      description: 'The numbers as the Live Platform sent them.',
      body: 'UpstreamNumberList',
      headers: ['ETag', 'X-Schema-Warnings', 'X-Correlation-Id'],
    },
  ],
  notModified: true,
  problems: numberLookupProblems('The Live Platform has no Operator Connect customer with this tenant id.'),
  pageable: false,
};
