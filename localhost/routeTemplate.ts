/**
 * Functions route templates (the ASP.NET syntax the host uses): literal segments, `{name}`,
 * `{name?}` (optional, at the end), `{*name}` (catch-all, last) and constraints such as
 * `{id:int}`, `{id:guid}`, `{flag:bool}`, `{name:alpha}`, `{code:regex(^[a-z]+$)}`,
 * `{name:length(3)}`, `{name:minlength(2)}`, `{name:maxlength(9)}`, `{n:min(1)}`, `{n:max(9)}`.
 * Literals match case-insensitively, like the host.
 */
type Segment =
  { kind: 'literal'; text: string } | { kind: 'parameter'; name: string; optional: boolean; catchAll: boolean; constraints: ((value: string) => boolean)[] };

export interface CompiledRoute {
  template: string;
  /** Lower sorts first: literals before parameters, constrained before free, catch-alls last. */
  precedence: number[];
  match(pathSegments: readonly string[]): Record<string, string> | undefined;
}

const numberPattern = /^-?\d+$/;
const guidPattern = /^[{(]?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}[)}]?$/i;

function constraintOf(text: string, template: string): (value: string) => boolean {
  const call = /^(\w+)(?:\((.*)\))?$/s.exec(text);
  if (!call) throw new Error(`route ${template}: constraint "${text}" is not understood`);
  const [, name = '', argument = ''] = call;
  const numbers = argument.split(',').map(Number);
  switch (name.toLowerCase()) {
    case 'int':
    case 'long':
      return (value) => numberPattern.test(value);
    case 'double':
    case 'float':
    case 'decimal':
      return (value) => value.trim() !== '' && Number.isFinite(Number(value));
    case 'bool':
      return (value) => /^(true|false)$/i.test(value);
    case 'guid':
      return (value) => guidPattern.test(value);
    case 'alpha':
      return (value) => /^[a-z]*$/i.test(value);
    case 'datetime':
      return (value) => !Number.isNaN(Date.parse(value));
    case 'length':
      return numbers.length === 2 ? (value) => value.length >= (numbers[0] ?? 0) && value.length <= (numbers[1] ?? 0) : (value) => value.length === numbers[0];
    case 'minlength':
      return (value) => value.length >= (numbers[0] ?? 0);
    case 'maxlength':
      return (value) => value.length <= (numbers[0] ?? 0);
    case 'min':
      return (value) => numberPattern.test(value) && Number(value) >= (numbers[0] ?? 0);
    case 'max':
      return (value) => numberPattern.test(value) && Number(value) <= (numbers[0] ?? 0);
    case 'range':
      return (value) => numberPattern.test(value) && Number(value) >= (numbers[0] ?? 0) && Number(value) <= (numbers[1] ?? 0);
    case 'regex': {
      const pattern = new RegExp(argument, 'i');
      return (value) => pattern.test(value);
    }
    default:
      throw new Error(`route ${template}: the built-in local host does not know the constraint "${name}"`);
  }
}

function parseSegment(text: string, template: string): Segment {
  const parameter = /^\{(\*)?([A-Za-z_]\w*)((?::[^:}]+(?:\([^)]*\))?)*)(\?)?\}$/.exec(text);
  if (!parameter) {
    if (/[{}]/.test(text)) throw new Error(`route ${template}: segment "${text}" mixes text and parameters, which the built-in local host does not support`);
    return { kind: 'literal', text: text.toLowerCase() };
  }
  const [, star, name = '', constraintText = '', question] = parameter;
  const constraints = constraintText
    .split(/:(?![^(]*\))/)
    .filter(Boolean)
    .map((constraint) => constraintOf(constraint, template));
  return { kind: 'parameter', name, optional: question === '?', catchAll: star === '*', constraints };
}

/** Splits a request path (after the route prefix) into decoded segments; undefined when it is not valid percent-encoding. */
export function pathSegments(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

export function compileRoute(template: string): CompiledRoute {
  const segments = template
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => parseSegment(segment, template));
  const precedence = segments.map((segment) =>
    segment.kind === 'literal' ? 0 : segment.catchAll ? 4 : segment.optional ? 3 : segment.constraints.length > 0 ? 1 : 2,
  );
  return {
    template,
    precedence,
    match(requestSegments) {
      const params: Record<string, string> = {};
      for (let index = 0; index < segments.length; index++) {
        const segment = segments[index] as Segment;
        const value = requestSegments[index];
        if (segment.kind === 'literal') {
          if (value === undefined || value.toLowerCase() !== segment.text) return undefined;
          continue;
        }
        if (segment.catchAll) {
          const rest = requestSegments.slice(index).join('/');
          if (rest !== '' && !segment.constraints.every((check) => check(rest))) return undefined;
          if (rest !== '') params[segment.name] = rest;
          return params;
        }
        if (value === undefined) return segment.optional && index === segments.length - 1 ? params : undefined;
        if (!segment.constraints.every((check) => check(value))) return undefined;
        params[segment.name] = value;
      }
      return requestSegments.length === segments.length ? params : undefined;
    },
  };
}

/** Orders routes the way the host picks among several that match: the most specific first. */
export function byPrecedence(a: CompiledRoute, b: CompiledRoute): number {
  const length = Math.max(a.precedence.length, b.precedence.length);
  for (let index = 0; index < length; index++) {
    const difference = (a.precedence[index] ?? -1) - (b.precedence[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return a.template.localeCompare(b.template);
}
