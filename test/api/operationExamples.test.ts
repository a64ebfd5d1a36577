import { routeCatalog } from '../../shared/api/routeCatalog';
import { apiDocuments } from '../../scripts/api/apiDocuments';
import { documentedParameters } from '../../scripts/api/documentedParameters';
import { documentedResponses } from '../../scripts/api/documentedResponses';
import { operationExamples } from '../../scripts/api/operationExamples';
import { documentValidator } from './support/documentValidator';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const { openApi, swagger } = apiDocuments() as { openApi: Json; swagger: Json };
const compile = documentValidator(openApi);

describe('the example of each operation', () => {
  it('exists for every route, and for no other operation', () => {
    expect(Object.keys(operationExamples).sort()).toEqual(routeCatalog.map((route) => route.operationId).sort());
  });

  it.each(routeCatalog.map((route) => [route.operationId, route] as const))(
    '%s: its parameters are documented ones, each valid for its schema',
    (_id, route) => {
      const example = operationExamples[route.operationId];
      const parameters = documentedParameters(route);
      for (const [name, value] of Object.entries(example?.parameters ?? {})) {
        const parameter = parameters.find((candidate) => candidate.name === name);
        expect(parameter).toBeDefined();
        const validate = compile(parameter?.schema ?? {});
        expect({ name, valid: validate(value), errors: validate.errors ?? null }).toEqual({ name, valid: true, errors: null });
      }
      for (const parameter of parameters.filter((candidate) => candidate.required)) expect(example?.parameters).toHaveProperty(parameter.name);
    },
  );

  it.each(routeCatalog.map((route) => [route.operationId, route] as const))('%s: its answer is a documented success, valid for its schema', (_id, route) => {
    const example = operationExamples[route.operationId];
    const response = documentedResponses(route).find((candidate) => candidate.status === String(example?.status));
    expect(response?.body).toBeDefined();
    const validate = compile({ $ref: `#/components/schemas/${response?.body ?? ''}` });
    expect({ valid: validate(example?.body), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
  });

  it('is in both documents: parameter examples and the answer in OpenAPI, the answer in Swagger', () => {
    const operation = openApi['paths']['/tenants/{msTenantId}/numbers']['get'];
    expect(operation['parameters'].find((p: Json) => p['name'] === 'top')['example']).toBe(1);
    expect(operation['responses']['200']['content']['application/json']['example']).toBe(operationExamples['ListCustomerNumbers']?.body);
    expect(swagger['paths']['/tenants/{msTenantId}/numbers']['get']['responses']['200']['examples']['application/json']).toBe(
      operationExamples['ListCustomerNumbers']?.body,
    );
    for (const path of Object.values(openApi['paths'] as Json)) {
      for (const op of Object.values(path as Json)) {
        const examples = Object.values(op['responses'] as Json).filter((r: Json) => r['content']?.['application/json']?.['example'] !== undefined);
        expect(examples).toHaveLength(1);
      }
    }
  });
});
