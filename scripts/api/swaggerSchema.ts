import type { JsonSchema } from '../../shared/api/schemas/jsonSchema';

/** The formats a Power Platform connector accepts; others are left out rather than refused at import. */
const connectorFormats = new Set(['int32', 'int64', 'float', 'double', 'byte', 'binary', 'date', 'date-time', 'password', 'uri']);
const kept = new Set(['description', 'enum', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'maxItems', 'required', 'default']);

/**
 * A JSON Schema 2020-12 schema as Swagger 2.0 (draft 4) can say it: one type plus `x-nullable`,
 * `title` as the Power Automate display name, references under #/definitions. A keyword it cannot
 * translate fails the build instead of vanishing from the document.
 */
export function toSwaggerSchema(schema: JsonSchema): JsonSchema {
  if (typeof schema['$ref'] === 'string') return { $ref: schema['$ref'].replace('#/components/schemas/', '#/definitions/') };
  const converted: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'type') Object.assign(converted, swaggerType(value as string | string[]));
    else if (keyword === 'anyOf') return nullableVariant(schema, value as JsonSchema[]);
    else if (keyword === 'title') converted['x-ms-summary'] = value;
    else if (keyword === 'format') {
      if (connectorFormats.has(value as string)) converted['format'] = value;
    } else if (keyword === 'properties') {
      converted['properties'] = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([name, property]) => [name, toSwaggerSchema(property)]),
      );
    } else if (keyword === 'items') converted['items'] = toSwaggerSchema(value as JsonSchema);
    else if (keyword === 'additionalProperties') converted['additionalProperties'] = typeof value === 'boolean' ? value : toSwaggerSchema(value as JsonSchema);
    else if (keyword.startsWith('x-ms-') || kept.has(keyword)) converted[keyword] = value;
    else throw new Error(`JSON Schema keyword "${keyword}" has no Swagger 2.0 form`);
  }
  return converted;
}

/** `["string", "null"]` becomes a nullable string; several non-null types become an untyped value. */
function swaggerType(type: string | string[]): Record<string, unknown> {
  const types = Array.isArray(type) ? type : [type];
  const present = types.filter((member) => member !== 'null');
  const nullable = present.length < types.length ? { 'x-nullable': true } : {};
  return present.length === 1 ? { type: present[0], ...nullable } : nullable;
}

/** `anyOf: [X, {type: null}]` is the only union the documents use: X, nullable. */
function nullableVariant(schema: JsonSchema, variants: JsonSchema[]): JsonSchema {
  const [variant, ...others] = variants.filter((candidate) => candidate['type'] !== 'null');
  if (!variant || others.length > 0 || variants.length !== 2) throw new Error('anyOf is only translated as "X or null"');
  const { anyOf: _anyOf, ...annotations } = schema;
  const base = toSwaggerSchema(variant);
  // Swagger 2.0 ignores anything beside $ref: a reference stays bare.
  return '$ref' in base ? base : { ...base, ...toSwaggerSchema(annotations), 'x-nullable': true };
}
