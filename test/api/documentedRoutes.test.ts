import { connectorDefinition } from '../../scripts/api/connectorFiles';
import { apiDocuments } from '../../scripts/api/apiDocuments';
import { loadFunctionApp } from '../support/loadFunctionApp';

type Operation = { security?: unknown[] };
type Paths = Record<string, Record<string, Operation>>;

const { openApi, swagger } = apiDocuments();

/** "GET tenants/{msTenantId}/numbers function" for every HTTP trigger the host would see. */
function registeredRoutes(): string[] {
  const routes: string[] = [];
  for (const { metadata } of loadFunctionApp().values()) {
    const trigger = Object.values(metadata.bindings).find((binding) => binding.type === 'httpTrigger');
    if (!trigger) continue;
    for (const method of trigger['methods'] as string[]) routes.push(`${method} ${String(trigger['route'])} ${String(trigger['authLevel'])}`);
  }
  return routes.sort();
}

/** The same for a document: its paths and methods, anonymous where the operation needs no key. */
function documentedRoutes(paths: Paths): string[] {
  return Object.entries(paths)
    .flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => {
        const anonymous = Array.isArray(operation.security) && operation.security.length === 0;
        return `${method.toUpperCase()} ${path.replace(/^\//, '')} ${anonymous ? 'anonymous' : 'function'}`;
      }),
    )
    .sort();
}

describe('the documents and the functions the host registers', () => {
  const registered = registeredRoutes();

  it('registers the fifteen HTTP functions of the contract', () => {
    expect(registered).toHaveLength(15);
  });

  it('documents in OpenAPI every HTTP function with its route, method and auth, and nothing else', () => {
    expect(documentedRoutes(openApi['paths'] as Paths)).toEqual(registered);
  });

  it('documents in Swagger every HTTP function with its route, method and auth, and nothing else', () => {
    expect(documentedRoutes(swagger['paths'] as Paths)).toEqual(registered);
    expect(swagger['basePath']).toBe('/api');
  });

  it('offers every route that takes a function key as a connector action, and no other', () => {
    expect(documentedRoutes(connectorDefinition()['paths'] as Paths)).toEqual(registered.filter((route) => route.endsWith(' function')));
  });
});
