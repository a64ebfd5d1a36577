import type { JsonSchema } from './jsonSchema';

export const openApiDocumentSchema: JsonSchema = {
  type: 'object',
  title: 'OpenAPI Document',
  description: 'This API described in OpenAPI 3.1.',
  required: ['openapi', 'info', 'paths'],
  properties: { openapi: { type: 'string', pattern: '^3\\.1\\.[0-9]+$' }, info: { type: 'object' }, paths: { type: 'object' } },
};

export const swaggerDocumentSchema: JsonSchema = {
  type: 'object',
  title: 'Swagger Document',
  description: 'This API described in Swagger 2.0, with the Power Platform extensions.',
  required: ['swagger', 'info', 'paths'],
  properties: { swagger: { type: 'string', enum: ['2.0'] }, info: { type: 'object' }, paths: { type: 'object' } },
};
