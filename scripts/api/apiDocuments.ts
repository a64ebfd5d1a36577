import type { JsonObject } from '../../shared/api/builtApiDocument';
import { routeCatalog } from '../../shared/api/routeCatalog';
import { functionKeyRequirement, functionKeySchemes } from './apiInfo';
import { buildOpenApiDocument } from './openApiDocument';
import { buildSwaggerDocument } from './swaggerDocument';

/** The two documents the app serves, from the route catalog the functions register with. */
export function apiDocuments(): { openApi: JsonObject; swagger: JsonObject } {
  return {
    openApi: buildOpenApiDocument(routeCatalog),
    swagger: buildSwaggerDocument(routeCatalog, { definitions: functionKeySchemes, requirement: functionKeyRequirement }),
  };
}
