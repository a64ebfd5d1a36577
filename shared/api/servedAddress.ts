import { publicOrigin } from '../http/publicAddress';
import type { JsonObject } from './builtApiDocument';

/** host.json `extensions.http.routePrefix`: every route is served under it. */
export const basePath = '/api';

/** The OpenAPI document with the public origin (PUBLIC_BASE_URL, else the one it was asked at) as its server. */
export function withOpenApiServer(document: JsonObject, requestUrl: URL): JsonObject {
  return { ...document, servers: [{ url: `${publicOrigin(requestUrl)}${basePath}` }] };
}

/** The Swagger document with the public host and scheme (PUBLIC_BASE_URL, else the ones it was asked at). */
export function withSwaggerHost(document: JsonObject, requestUrl: URL): JsonObject {
  const { swagger, info, ...rest } = document;
  const origin = new URL(publicOrigin(requestUrl));
  return { swagger, info, host: origin.host, ...rest, basePath, schemes: [origin.protocol.replace(/:$/, '')] };
}
