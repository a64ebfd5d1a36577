import { appVersion } from '../../shared/runtime/appVersion';

/** What the documents say about the API as a whole. */
export const apiInfo = {
  title: 'OC Numbers',
  version: appVersion,
  description:
    'Operator Connect numbers of your customers, from the AudioCodes Live Platform, without handling Entra ID tokens: live lookups, ' +
    'a scheduled history of every number, and the changes between snapshots. Errors are RFC 9457 problems (application/problem+json). ' +
    'Every route except health, openapi.json and swagger.json needs a function key, in the x-functions-key header or the code query parameter.',
  // Each operator deploys and runs its own copy: questions about an instance go to whoever runs it.
  contact: { name: 'The operator that runs this app (the owners of its Azure resource group)' },
  license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
};

export const functionKeyHeader = 'x-functions-key';

/** The two ways the Functions host takes a function key; the same objects are valid OpenAPI 3.1 and Swagger 2.0. */
export const functionKeySchemes = {
  functionKeyHeader: { type: 'apiKey', in: 'header', name: functionKeyHeader, description: 'A function key of the app, in a header.' },
  functionKeyQuery: { type: 'apiKey', in: 'query', name: 'code', description: 'A function key of the app, in the query string (never carried into nextLink).' },
};

/** Either one will do. */
export const functionKeyRequirement: Record<string, string[]>[] = [{ functionKeyHeader: [] }, { functionKeyQuery: [] }];
