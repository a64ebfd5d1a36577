import { maxRepeats, type QueryParameterSpec } from '../http/queryParameters';
import type { JsonSchema } from './schemas/jsonSchema';

const documentedKeywords = new Set(['type', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum']);

/**
 * The documented schema of a query parameter. Values arrive as text, so the app checks integer
 * ranges on the text (`integerRange`); callers see them as the integers they are.
 */
export function parameterSchema(spec: QueryParameterSpec): JsonSchema {
  const { integerRange, enum: members, ...rest } = spec.schema as { integerRange?: [number, number]; enum?: readonly unknown[] } & Record<string, unknown>;
  let single: JsonSchema;
  if (integerRange) single = { type: 'integer', minimum: integerRange[0], maximum: integerRange[1] };
  else if (members) single = { type: 'string', enum: [...members] };
  else single = rest;
  for (const keyword of Object.keys(single)) {
    // A keyword the documents cannot express would document a looser rule than the one enforced.
    if (!documentedKeywords.has(keyword)) throw new Error(`Query parameter schema keyword "${keyword}" has no documented form`);
  }
  return spec.repeatable ? { type: 'array', items: single, maxItems: maxRepeats } : single;
}
