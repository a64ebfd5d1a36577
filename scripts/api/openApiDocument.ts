import type { ApiRoute } from '../../shared/api/apiRoute';
import { apiTags } from '../../shared/api/apiTags';
import type { JsonObject } from '../../shared/api/builtApiDocument';
import { responseHeaders } from '../../shared/api/responseHeaders';
import { componentSchemas } from '../../shared/api/schemas/componentSchemas';
import { componentRef, type JsonSchema } from '../../shared/api/schemas/jsonSchema';
import { basePath } from '../../shared/api/servedAddress';
import { problemContentType } from '../../shared/http/problemResponse';
import { apiInfo, functionKeyRequirement, functionKeySchemes } from './apiInfo';
import { documentedParameters } from './documentedParameters';
import { documentedResponses } from './documentedResponses';
import { operationExamples } from './operationExamples';

/** The Power Platform annotations have no place in the OpenAPI document. */
function withoutPowerPlatformAnnotations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPowerPlatformAnnotations);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('x-ms-'))
      .map(([key, item]) => [key, withoutPowerPlatformAnnotations(item)]),
  );
}

function operation(route: ApiRoute): JsonObject {
  const example = operationExamples[route.operationId];
  const parameters = documentedParameters(route)
    // OpenAPI 3 ignores an Accept parameter: the response content types say what it chooses.
    .filter((parameter) => !(parameter.in === 'header' && parameter.name === 'Accept'))
    .map((parameter) => ({
      name: parameter.name,
      in: parameter.in,
      ...(parameter.required ? { required: true } : {}),
      description: parameter.description,
      ...(parameter.commaList ? { style: 'form', explode: false } : {}),
      schema: parameter.default === undefined ? parameter.schema : { ...parameter.schema, default: parameter.default },
      ...(example?.parameters[parameter.name] === undefined ? {} : { example: example.parameters[parameter.name] }),
    }));
  const responses = Object.fromEntries(
    documentedResponses(route).map((response) => {
      const content: Record<string, { schema: JsonSchema; example?: unknown }> = {};
      if (response.body) {
        const answer = example?.status === Number(response.status) ? { example: example.body } : {};
        content['application/json'] = { schema: componentRef(response.body), ...answer };
      }
      if (response.csv) content['text/csv'] = { schema: { type: 'string' } };
      if (response.ndjson) content['application/x-ndjson'] = { schema: { type: 'string' } };
      if (response.problem) content[problemContentType] = { schema: componentRef('Problem') };
      const headers = Object.fromEntries(response.headers.map((name) => [name, { $ref: `#/components/headers/${name}` }]));
      return [
        response.status,
        { description: response.description, ...(response.headers.length > 0 ? { headers } : {}), ...(Object.keys(content).length > 0 ? { content } : {}) },
      ];
    }),
  );
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    tags: [route.tag],
    ...(parameters.length > 0 ? { parameters } : {}),
    responses,
    ...(route.authLevel === 'anonymous' ? { security: [] } : {}),
  };
}

/** The OpenAPI 3.1 description of the routes; the app sets `servers` to the address it is asked at. */
export function buildOpenApiDocument(routes: readonly ApiRoute[]): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) (paths[`/${route.route}`] ??= {})[route.method.toLowerCase()] = operation(route);
  return {
    openapi: '3.1.0',
    info: apiInfo,
    servers: [{ url: basePath }],
    tags: Object.entries(apiTags).map(([name, description]) => ({ name, description })),
    security: functionKeyRequirement,
    paths,
    components: {
      schemas: withoutPowerPlatformAnnotations(componentSchemas),
      headers: responseHeaders,
      securitySchemes: functionKeySchemes,
    },
  };
}
