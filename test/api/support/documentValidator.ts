import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

const documentId = 'urn:oc-numbers:openapi';

/**
 * Compiles schemas of an OpenAPI 3.1 document with ajv's JSON Schema 2020-12 in strict mode. The
 * document's components are one schema resource, so the "#/components/schemas/…" references in
 * them resolve as they do in the document.
 */
export function documentValidator(openApi: Record<string, unknown>): (schema: Record<string, unknown>) => ValidateFunction {
  const ajv = addFormats(new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true }));
  // The container keyword itself validates nothing; the schemas under it are compiled when referenced.
  ajv.addKeyword({ keyword: 'components', schemaType: 'object' });
  ajv.addSchema({ $id: documentId, components: { schemas: (openApi['components'] as { schemas: unknown }).schemas } });
  return (schema) => {
    const reference = schema['$ref'];
    return ajv.compile(typeof reference === 'string' && reference.startsWith('#/') ? { $ref: `${documentId}${reference}` } : schema);
  };
}
