import { maxRepeats, type QueryParameterSpec } from '../http/queryParameters';
import type { JsonSchema } from './schemas/jsonSchema';

const documentedKeywords = new Set(['type', 'format', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum']);
const int32Max = 2_147_483_647;

/**
 * The documented schema of a query parameter. Values arrive as text, so the app checks integer
 * ranges on the text (`integerRange`); callers see them as the integers they are.
 */
export function parameterSchema(spec: QueryParameterSpec): JsonSchema {
  // Validated as one text (pattern, maxLength); documented as the list of names it is, so generators and Power Automate can offer them.
  if (spec.commaListOf) return { type: 'array', items: { type: 'string', enum: [...spec.commaListOf] }, maxItems: spec.commaListOf.length };
  const { integerRange, enum: members, ...rest } = spec.schema as { integerRange?: [number, number]; enum?: readonly unknown[] } & Record<string, unknown>;
  let single: JsonSchema;
  if (integerRange) single = { type: 'integer', format: integerRange[1] <= int32Max ? 'int32' : 'int64', minimum: integerRange[0], maximum: integerRange[1] };
  else if (members) single = { type: 'string', enum: [...members] };
  else single = rest;
  for (const keyword of Object.keys(single)) {
    // A keyword the documents cannot express would document a looser rule than the one enforced.
    if (!documentedKeywords.has(keyword)) throw new Error(`Query parameter schema keyword "${keyword}" has no documented form`);
  }
  return spec.repeatable ? { type: 'array', items: single, maxItems: maxRepeats } : single;
}
