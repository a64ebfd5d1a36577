import Ajv, { type ValidateFunction } from 'ajv';
import { invalidInput, type InputProblem } from './apiError';

/** One query parameter: the JSON Schema of a single value, and how to say what it must be. */
export interface QueryParameterSpec {
  schema: Record<string, unknown>;
  /** Completes "<name> must be …" in error details and documents the parameter. */
  mustBe: string;
  repeatable?: boolean;
}

export type QuerySpec = Record<string, QueryParameterSpec>;
export type ParsedQuery = Record<string, string[]>;

const ajv = new Ajv({ allErrors: true, strict: true });
// Query values arrive as text; integer ranges are checked on that text, with no lossy coercion.
ajv.addKeyword({
  keyword: 'integerRange',
  type: 'string',
  schemaType: 'array',
  validate: (range: [number, number], data: string) => {
    if (!/^[0-9]{1,16}$/.test(data)) return false;
    const value = Number(data);
    return value >= range[0] && value <= range[1];
  },
});

/** The function key travels as `code`; the host checks it, so every route accepts it. */
const functionKeyParameter = 'code';
export const maxRepeats = 50;

export interface CompiledQuery {
  parse(query: URLSearchParams): ParsedQuery;
}

export function compileQuery(spec: QuerySpec): CompiledQuery {
  const properties: Record<string, unknown> = { [functionKeyParameter]: { type: 'array' } };
  for (const [name, parameter] of Object.entries(spec)) {
    properties[name] = { type: 'array', maxItems: parameter.repeatable ? maxRepeats : 1, items: parameter.schema };
  }
  const validate: ValidateFunction = ajv.compile({ type: 'object', properties, additionalProperties: false });

  return {
    parse(query) {
      // No prototype: a parameter named "valueOf" or "__proto__" is just a name.
      const values: ParsedQuery = Object.create(null) as ParsedQuery;
      for (const [name, value] of query) (values[name] ??= []).push(value);
      if (validate(values)) {
        delete values[functionKeyParameter];
        return values;
      }
      throw invalidInput(problemsOf(validate, spec));
    },
  };
}

function problemsOf(validate: ValidateFunction, spec: QuerySpec): InputProblem[] {
  const seen = new Set<string>();
  const problems: InputProblem[] = [];
  for (const error of validate.errors ?? []) {
    const name = error.keyword === 'additionalProperties' ? String(error.params['additionalProperty']) : (error.instancePath.split('/')[1] ?? '');
    if (seen.has(name)) continue;
    seen.add(name);
    const shown = JSON.stringify(name.slice(0, 64));
    if (error.keyword === 'additionalProperties') problems.push({ parameter: name, detail: `Unknown query parameter ${shown}.` });
    else if (error.keyword === 'maxItems') problems.push({ parameter: name, detail: `Query parameter ${shown} may be given at most ${spec[name]?.repeatable ? maxRepeats : 1} time(s).` });
    else problems.push({ parameter: name, detail: `Query parameter ${shown} must be ${spec[name]?.mustBe ?? 'valid'}.` });
  }
  return problems;
}

export function single(query: ParsedQuery, name: string): string | undefined {
  return query[name]?.[0];
}
