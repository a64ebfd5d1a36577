import type { ApiRoute, ParameterDoc, Visibility } from '../../shared/api/apiRoute';
import { parameterSchema } from '../../shared/api/parameterSchema';
import { requestHeaders } from '../../shared/api/requestHeaders';
import type { JsonSchema } from '../../shared/api/schemas/jsonSchema';

/** A parameter as both documents describe it, whatever its kind. */
export interface DocumentedParameter extends ParameterDoc {
  name: string;
  in: 'path' | 'query' | 'header';
  schema: JsonSchema;
  /** Sent as one comma-separated value (`fields`), not by repeating the name. */
  commaList?: true;
}

const visibilityOrder: readonly Visibility[] = ['important', 'advanced', 'internal'];

/**
 * The path, query and header parameters of a route, the common ones first. A route whose docs and
 * validation disagree fails the build rather than documenting the wrong API.
 */
export function documentedParameters(route: ApiRoute): DocumentedParameter[] {
  const inRoute = [...route.route.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  const documentedPath = route.pathParameters.map((parameter) => parameter.name);
  if (inRoute.join() !== documentedPath.join()) throw new Error(`${route.name}: route parameters ${inRoute.join()} but documented ${documentedPath.join()}`);
  const undocumented = Object.keys(route.query).filter((name) => !(name in route.queryDocs));
  const unvalidated = Object.keys(route.queryDocs).filter((name) => !(name in route.query));
  if (undocumented.length + unvalidated.length > 0) {
    throw new Error(`${route.name}: query parameters without docs (${undocumented.join()}) or docs without a parameter (${unvalidated.join()})`);
  }

  const parameters: DocumentedParameter[] = [
    ...route.pathParameters.map((parameter) => ({ ...parameter, in: 'path' as const, required: true as const })),
    ...Object.entries(route.query).map(([name, spec]) => {
      const doc = route.queryDocs[name] as ParameterDoc;
      // mustBe is what the 400 answer says: the same words document the rule.
      return {
        ...doc,
        name,
        in: 'query' as const,
        description: `${doc.description} Must be ${spec.mustBe}.`,
        schema: parameterSchema(spec),
        ...(spec.commaListOf ? { commaList: true as const } : {}),
      };
    }),
    ...route.headers.map((name) => ({ ...requestHeaders[name], name, in: 'header' as const })),
  ];
  // Power Automate shows them in this order.
  return parameters.sort((a, b) => visibilityOrder.indexOf(a.visibility) - visibilityOrder.indexOf(b.visibility));
}
