import type { ApiRoute } from '../../shared/api/apiRoute';
import { routeCatalog } from '../../shared/api/routeCatalog';
import { getTenantNumbersRoute } from '../../shared/api/routes/getTenantNumbersRoute';
import { numberRecordFields } from '../../shared/numbers/numberRecord';
import { apiDocuments } from '../../scripts/api/apiDocuments';
import { connectorDefinition } from '../../scripts/api/connectorFiles';
import { documentedParameters } from '../../scripts/api/documentedParameters';
import { documentValidator } from './support/documentValidator';
import { swaggerParserErrors } from './support/swaggerParser';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const { openApi, swagger } = apiDocuments() as { openApi: Json; swagger: Json };

describe('the OpenAPI and Swagger documents', () => {
  it('are valid OpenAPI 3.1, Swagger 2.0, and Swagger 2.0 for the connector, and swagger-parser does reject a broken 3.1 one', async () => {
    expect(openApi['openapi']).toBe('3.1.0');
    const broken = structuredClone(openApi);
    delete broken['paths']['/health']['get']['responses']['200']['description'];
    const errors = await swaggerParserErrors({ openApi, swagger, connector: connectorDefinition(), broken });
    expect(errors).toEqual({ openApi: null, swagger: null, connector: null, broken: expect.stringContaining('description') });
  });

  it('describes every body with JSON Schema 2020-12 that compiles in strict mode', () => {
    const compile = documentValidator(openApi);
    for (const name of Object.keys(openApi['components']['schemas'])) {
      expect(() => compile({ $ref: `#/components/schemas/${name}` })).not.toThrow();
    }
  });

  it('documents every NumberRecord field, in the order answers and CSV columns use', () => {
    expect(Object.keys(openApi['components']['schemas']['NumberRecord']['properties'])).toEqual([...numberRecordFields]);
  });

  it('documents the limits, enums and defaults the functions enforce', () => {
    const parameters = openApi['paths']['/tenants/{msTenantId}/numbers']['get']['parameters'] as Json[];
    const byName = (name: string) => parameters.find((parameter) => parameter['name'] === name)?.['schema'];
    expect(byName('top')).toEqual({ type: 'integer', format: 'int32', minimum: 1, maximum: 1000, default: 1000 });
    expect(byName('source')).toEqual({ type: 'string', enum: ['live', 'snapshot', 'auto'], default: 'live' });
    expect(byName('capability')).toMatchObject({ type: 'array', items: { type: 'string', minLength: 1, maxLength: 256 } });
    expect(byName('X-Ovoc-Channel-Id')).toEqual({ type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 });
    expect(byName('msTenantId')).toMatchObject({ type: 'string', maxLength: 36 });
    expect(byName('numberStartsWith')).toMatchObject({ type: 'string', maxLength: 16 });
    const changeType = (openApi['paths']['/tenants/{msTenantId}/changes']['get']['parameters'] as Json[]).find((p) => p['name'] === 'changeType');
    expect(changeType?.['schema']).toEqual({ type: 'string', enum: ['added', 'changed', 'released', 'reactivated'] });
  });

  it('documents fields as the comma list of record field names it is', () => {
    const fields = (openApi['paths']['/tenants/{msTenantId}/numbers']['get']['parameters'] as Json[]).find((p) => p['name'] === 'fields');
    expect(fields).toMatchObject({
      style: 'form',
      explode: false,
      schema: { type: 'array', items: { type: 'string', enum: [...numberRecordFields] }, maxItems: numberRecordFields.length },
    });
    const swaggerFields = (swagger['paths']['/tenants/{msTenantId}/numbers']['get']['parameters'] as Json[]).find((p) => p['name'] === 'fields');
    expect(swaggerFields).toMatchObject({ type: 'array', collectionFormat: 'csv', items: { type: 'string', enum: [...numberRecordFields] } });
  });

  it('names a contact and the licence, and types every integer with a format', () => {
    for (const document of [openApi, swagger]) {
      expect(document['info']).toMatchObject({ contact: { name: expect.any(String) }, license: { name: 'MIT' } });
      const integersWithoutFormat: string[] = [];
      const visit = (value: unknown, at: string): void => {
        if (Array.isArray(value)) return value.forEach((item, index) => visit(item, `${at}/${index}`));
        if (value === null || typeof value !== 'object') return;
        const node = value as Record<string, unknown>;
        const types = Array.isArray(node['type']) ? node['type'] : [node['type']];
        if (types.includes('integer') && typeof node['format'] !== 'string') integersWithoutFormat.push(at);
        for (const [key, item] of Object.entries(node)) visit(item, `${at}/${key}`);
      };
      visit(document, '');
      expect(integersWithoutFormat).toEqual([]);
    }
  });

  it('gives every parameter the rule its 400 answer states', () => {
    const top = documentedParameters(getTenantNumbersRoute).find((parameter) => parameter.name === 'top');
    expect(top?.description).toMatch(/Must be an integer from 1 to 1000\.$/);
  });

  it('declares the function key as header x-functions-key and query code, and anonymous routes as needing none', () => {
    expect(openApi['components']['securitySchemes']).toEqual({
      functionKeyHeader: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-functions-key' }),
      functionKeyQuery: expect.objectContaining({ type: 'apiKey', in: 'query', name: 'code' }),
    });
    expect(swagger['securityDefinitions']).toEqual(openApi['components']['securitySchemes']);
    for (const document of [openApi, swagger]) {
      expect(document['paths']['/health']['get']['security']).toEqual([]);
      expect(document['paths']['/tenants/{msTenantId}/numbers']['get']['security']).toBeUndefined();
    }
  });

  it('documents the problem answers and headers of a Live Platform route', () => {
    const responses = openApi['paths']['/tenants/{msTenantId}/numbers']['get']['responses'] as Json;
    expect(Object.keys(responses)).toEqual(['200', '304', '400', '401', '403', '404', '500', '502', '503', '504']);
    expect(Object.keys(responses['200']['headers'])).toEqual(['ETag', 'Link', 'X-Data-Source', 'X-Snapshot-Age', 'X-Correlation-Id']);
    expect(Object.keys(responses['200']['content'])).toEqual(['application/json', 'text/csv']);
    expect(Object.keys(responses['503']['headers'])).toEqual(['Retry-After', 'X-Correlation-Id']);
    expect(responses['502']['content']['application/problem+json']['schema']).toEqual({ $ref: '#/components/schemas/Problem' });
    const snapshotRequest = openApi['paths']['/tenants/{msTenantId}/snapshots']['post']['responses']['202'];
    expect(Object.keys(snapshotRequest['headers'])).toContain('Location');
  });

  it('marks the listings pageable on nextLink for Power Automate', () => {
    const pageable = Object.values(swagger['paths'] as Json)
      .flatMap((path) => Object.values(path as Json))
      .filter((operation) => operation['x-ms-pageable'])
      .map((operation) => [operation['operationId'], operation['x-ms-pageable']]);
    expect(pageable).toEqual([
      ['ListCustomerNumbers', { nextLinkName: 'nextLink' }],
      ['ListAllNumbers', { nextLinkName: 'nextLink' }],
      ['ListCustomers', { nextLinkName: 'nextLink' }],
      ['ListNumberChanges', { nextLinkName: 'nextLink' }],
      ['ListSnapshotRuns', { nextLinkName: 'nextLink' }],
      ['ListChanges', { nextLinkName: 'nextLink' }],
    ]);
  });

  it('refuses to document a route whose query parameters and docs disagree', () => {
    const { skip: _skip, ...withoutSkip } = getTenantNumbersRoute.queryDocs;
    const undocumented: ApiRoute = { ...getTenantNumbersRoute, queryDocs: withoutSkip };
    expect(() => documentedParameters(undocumented)).toThrow(/skip/);
    const stale: ApiRoute = {
      ...getTenantNumbersRoute,
      queryDocs: { ...getTenantNumbersRoute.queryDocs, page: { title: 'Page', description: 'Gone.', visibility: 'advanced' } },
    };
    expect(() => documentedParameters(stale)).toThrow(/page/);
  });

  it('names each route once, with a unique operation id', () => {
    const operationIds = routeCatalog.map((route) => route.operationId);
    expect(new Set(operationIds).size).toBe(routeCatalog.length);
    expect(new Set(routeCatalog.map((route) => route.name)).size).toBe(routeCatalog.length);
  });
});
