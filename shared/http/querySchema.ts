import { functionKeyParameter, maxRepeats, type QuerySpec } from './queryParameters';

// Schema only: `npm run validators` compiles every route's query schema into
// shared/generated/precompiledValidators.ts. No ajv here (the app would load its compiler) and no
// validators (the generator must not need the file it writes).

/**
 * The JSON Schema a route's parsed query (each parameter name to its list of values) must match.
 * Values arrive as text: an `integerRange: [min, max]` item keyword checks whole numbers on the text.
 */
export function querySchema(spec: QuerySpec): Record<string, unknown> {
  const properties: Record<string, unknown> = { [functionKeyParameter]: { type: 'array' } };
  for (const [name, parameter] of Object.entries(spec)) {
    properties[name] = { type: 'array', maxItems: parameter.repeatable ? maxRepeats : 1, items: parameter.schema };
  }
  return { type: 'object', properties, additionalProperties: false };
}
