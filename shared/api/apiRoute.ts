import type { QuerySpec } from '../http/queryParameters';
import type { RouteEntry } from '../http/registerRoute';
import type { ApiTag } from './apiTags';
import type { RequestHeaderName } from './requestHeaders';
import type { ResponseHeaderName } from './responseHeaders';
import type { ComponentName } from './schemas/componentName';
import type { JsonSchema } from './schemas/jsonSchema';

/** Where Power Automate shows an action or parameter: up front, under "advanced", or not at all. */
export type Visibility = 'important' | 'advanced' | 'internal';

export interface ParameterDoc {
  /** The title-case name Power Automate shows (x-ms-summary). */
  title: string;
  description: string;
  visibility: Visibility;
  required?: true;
  default?: string | number;
}

export interface PathParameter extends ParameterDoc {
  name: string;
  schema: JsonSchema;
}

export interface SuccessResponse {
  status: 200 | 202 | 503;
  description: string;
  /** Absent: the answer has no body (pollChanges' 202). */
  body?: ComponentName;
  /** Also answers text/csv, for `format=csv` or `Accept: text/csv`. */
  csv?: true;
  /** Also answers application/x-ndjson, for `format=ndjson` or `Accept: application/x-ndjson`. */
  ndjson?: true;
  headers: readonly ResponseHeaderName[];
}

export type ProblemStatus = 400 | 403 | 404 | 429 | 500 | 502 | 503 | 504;

/**
 * One HTTP function: what the host registers (name, method, route, auth), the query it validates,
 * and everything the OpenAPI, Swagger and connector documents say about it.
 */
export interface ApiRoute extends RouteEntry {
  name: string;
  /** The operation id of the documents and of the Power Automate action. */
  operationId: string;
  method: 'GET' | 'POST';
  route: string;
  authLevel: 'anonymous' | 'function';
  tag: ApiTag;
  /** Sentence case, as Power Automate shows action names. */
  summary: string;
  description: string;
  visibility: Visibility;
  pathParameters: readonly PathParameter[];
  query: QuerySpec;
  /** What each parameter of `query` means: one entry per parameter, no more. */
  queryDocs: Readonly<Record<string, ParameterDoc>>;
  headers: readonly RequestHeaderName[];
  responses: readonly SuccessResponse[];
  /** Answers 304 to an If-None-Match that names the current ETag. */
  notModified: boolean;
  /** The problem answers the route gives, each with what it means there. */
  problems: Readonly<Partial<Record<ProblemStatus, string>>>;
  /** Pages through `value` by `nextLink`. */
  pageable: boolean;
  /**
   * A Power Automate polling trigger (pollChanges): `batch` (x-ms-trigger) and the hint the
   * designer shows (x-ms-trigger-hint).
   */
  trigger?: { kind: 'batch'; hint: string };
}
