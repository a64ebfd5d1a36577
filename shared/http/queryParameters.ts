// Query spec types and helpers only: route specs import this module, and so does the validator generator
// (scripts/validatorSource.ts), so it must not load the validators. queryParser.ts parses and shapes errors.

/** One query parameter: the JSON Schema of a single value, and how to say what it must be. */
export interface QueryParameterSpec {
  schema: Record<string, unknown>;
  /** Completes "<name> must be …" in error details and documents the parameter. */
  mustBe: string;
  repeatable?: boolean;
  /** The value is a comma list of these names: the documents show it as an array of them (`fields`). */
  commaListOf?: readonly string[];
}

export type QuerySpec = Record<string, QueryParameterSpec>;
export type ParsedQuery = Record<string, string[]>;

/** The function key travels as `code`; the host checks it, so every route accepts it. */
export const functionKeyParameter = 'code';
export const maxRepeats = 50;

export function single(query: ParsedQuery, name: string): string | undefined {
  return query[name]?.[0];
}
