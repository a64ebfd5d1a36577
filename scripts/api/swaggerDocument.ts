import type { ApiRoute } from '../../shared/api/apiRoute';
import { apiTags } from '../../shared/api/apiTags';
import type { JsonObject } from '../../shared/api/builtApiDocument';
import { responseHeaders } from '../../shared/api/responseHeaders';
import { componentSchemas } from '../../shared/api/schemas/componentSchemas';
import type { JsonSchema } from '../../shared/api/schemas/jsonSchema';
import { basePath } from '../../shared/api/servedAddress';
import { problemContentType } from '../../shared/http/problemResponse';
import { apiInfo } from './apiInfo';
import { operationExamples } from './operationExamples';
import { documentedParameters, type DocumentedParameter } from './documentedParameters';
import { documentedResponses } from './documentedResponses';
import { toSwaggerSchema } from './swaggerSchema';

/** How callers present the function key: both ways for the served document, the header alone in the connector. */
export interface SwaggerSecurity {
  definitions: Record<string, JsonObject>;
  requirement: Record<string, string[]>[];
}

/** A non-body Swagger 2.0 parameter carries its schema's keywords itself; a repeatable query value repeats the name. */
function parameter(documented: DocumentedParameter): JsonObject {
  const { type, items, ...rest } = toSwaggerSchema(documented.schema);
  return {
    name: documented.name,
    in: documented.in,
    required: documented.required ?? false,
    type,
    ...rest,
    ...(items ? { items, collectionFormat: documented.commaList ? 'csv' : 'multi' } : {}),
    ...(documented.default === undefined ? {} : { default: documented.default }),
    description: documented.description,
    'x-ms-summary': documented.title,
    'x-ms-visibility': documented.visibility,
    // A '+' in a telephone number travels as %2B, which the app reads as '+'.
    ...(documented.in === 'path' ? { 'x-ms-url-encoding': 'single' } : {}),
  };
}

function operation(route: ApiRoute): JsonObject {
  const responses = documentedResponses(route);
  const example = operationExamples[route.operationId];
  const produces = [
    'application/json',
    ...(responses.some((r) => r.csv) ? ['text/csv'] : []),
    ...(responses.some((r) => r.ndjson) ? ['application/x-ndjson'] : []),
    ...(responses.some((r) => r.problem) ? [problemContentType] : []),
  ];
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    tags: [route.tag],
    produces,
    parameters: documentedParameters(route).map(parameter),
    responses: Object.fromEntries(
      responses.map((response) => {
        const schemaName = response.body ?? (response.problem ? 'Problem' : undefined);
        const headers = Object.fromEntries(
          response.headers.map((name) => [name, toSwaggerSchema({ ...responseHeaders[name].schema, description: responseHeaders[name].description })]),
        );
        return [
          response.status,
          {
            description: response.description,
            ...(schemaName ? { schema: { $ref: `#/definitions/${schemaName}` } } : {}),
            ...(example?.status === Number(response.status) ? { examples: { 'application/json': example.body } } : {}),
            ...(response.headers.length > 0 ? { headers } : {}),
          },
        ];
      }),
    ),
    'x-ms-visibility': route.visibility,
    ...(route.pageable ? { 'x-ms-pageable': { nextLinkName: 'nextLink' } } : {}),
    ...(route.trigger ? { 'x-ms-trigger': route.trigger.kind, 'x-ms-trigger-hint': route.trigger.hint } : {}),
    ...(route.authLevel === 'anonymous' ? { security: [] } : {}),
  };
}

/** The definitions the operations reach, directly or through other definitions. */
function reachableDefinitions(paths: unknown): Record<string, JsonSchema> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const name = key === '$ref' && typeof item === 'string' ? item.replace('#/definitions/', '') : undefined;
        if (name !== undefined && !names.has(name)) {
          names.add(name);
          visit(toSwaggerSchema(componentSchemas[name as keyof typeof componentSchemas]));
        } else visit(item);
      }
    }
  };
  visit(paths);
  return Object.fromEntries(
    Object.entries(componentSchemas)
      .filter(([name]) => names.has(name))
      .map(([name, schema]) => [name, toSwaggerSchema(schema)]),
  );
}

/** The Swagger 2.0 description of the routes, with the Power Platform extensions Power Automate reads. */
export function buildSwaggerDocument(routes: readonly ApiRoute[], security: SwaggerSecurity, host?: string): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) (paths[`/${route.route}`] ??= {})[route.method.toLowerCase()] = operation(route);
  const usedTags = new Set(routes.map((route) => route.tag));
  return {
    swagger: '2.0',
    info: apiInfo,
    ...(host === undefined ? {} : { host }),
    basePath,
    schemes: ['https'],
    consumes: [],
    produces: ['application/json'],
    tags: Object.entries(apiTags)
      .filter(([name]) => usedTags.has(name as keyof typeof apiTags))
      .map(([name, description]) => ({ name, description })),
    securityDefinitions: security.definitions,
    security: security.requirement,
    paths,
    definitions: reachableDefinitions(paths),
  };
}
