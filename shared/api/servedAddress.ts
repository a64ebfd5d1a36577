import type { JsonObject } from './builtApiDocument';

/** host.json `extensions.http.routePrefix`: every route is served under it. */
export const basePath = '/api';

/** The OpenAPI document with the address it was asked at as its server. */
export function withOpenApiServer(document: JsonObject, requestUrl: URL): JsonObject {
  return { ...document, servers: [{ url: `${requestUrl.origin}${basePath}` }] };
}

/** The Swagger document with the host and scheme it was asked at. */
export function withSwaggerHost(document: JsonObject, requestUrl: URL): JsonObject {
  const { swagger, info, ...rest } = document;
  return { swagger, info, host: requestUrl.host, ...rest, basePath, schemes: [requestUrl.protocol.replace(/:$/, '')] };
}
