import { queryValidator, type PrecompiledValidator } from '../validation/validators';
import { invalidInput, shownText, type InputProblem } from '../errors/requestErrors';
import { functionKeyParameter, maxRepeats, type ParsedQuery, type QuerySpec } from './queryParameters';
import { canonicalNames } from './queryNames';

export interface QueryParser {
  parse(query: URLSearchParams): ParsedQuery;
}

/**
 * Parses a route's query with the validator `npm run validators` precompiled from its spec; called at
 * module load, so a route without one fails the worker start instead of its first request.
 */
export function queryParser(route: { name: string; query: QuerySpec }): QueryParser {
  const validate = queryValidator(route.name);
  const spec = route.query;
  const canonical = canonicalNames([functionKeyParameter, ...Object.keys(spec)]);

  return {
    parse(query) {
      // No prototype: a parameter named "valueOf" or "__proto__" is just a name.
      const values: ParsedQuery = Object.create(null) as ParsedQuery;
      // Names ignore case: two spellings of one name are that parameter given twice.
      for (const [name, value] of query) (values[canonical(name)] ??= []).push(value);
      if (validate(values)) {
        delete values[functionKeyParameter];
        return values;
      }
      throw invalidInput(problemsOf(validate, spec));
    },
  };
}

function problemsOf(validate: PrecompiledValidator<Record<string, string[]>>, spec: QuerySpec): InputProblem[] {
  const seen = new Set<string>();
  const problems: InputProblem[] = [];
  for (const error of validate.errors ?? []) {
    const name = error.keyword === 'additionalProperties' ? String(error.params['additionalProperty']) : (error.instancePath.split('/')[1] ?? '');
    if (seen.has(name)) continue;
    seen.add(name);
    const parameter = shownText(name);
    const shown = JSON.stringify(parameter);
    if (error.keyword === 'additionalProperties') problems.push({ parameter, detail: `Unknown query parameter ${shown}.` });
    else if (error.keyword === 'maxItems')
      problems.push({ parameter, detail: `Query parameter ${shown} may be given at most ${spec[name]?.repeatable ? maxRepeats : 1} time(s).` });
    else problems.push({ parameter, detail: `Query parameter ${shown} must be ${spec[name]?.mustBe ?? 'valid'}.` });
  }
  return problems;
}
