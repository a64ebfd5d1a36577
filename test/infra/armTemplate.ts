/**
 * Test support for the infrastructure tests: builds infra/ with scripts/bicep.sh (lint + build,
 * warnings fail) into a private folder and loads the compiled ARM templates; then "deploys" the
 * compiled main template on paper: a small ARM template-language evaluator walks the subscription
 * deployment and its nested module deployments with given parameter values and lists every
 * resource that would be deployed, with its properties evaluated. Runtime values that only Azure
 * knows (endpoints, identity ids, host names) are replaced by recognisable stand-ins.
 *
 * The evaluator implements the template functions the compiled templates use and throws on any
 * other, so a template change it cannot follow fails the tests instead of passing unnoticed.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface CompiledInfra {
  /** Folder holding main.json and one .json per module, as scripts/bicep.sh wrote them. */
  dir: string;
  main: JsonObject;
  /** Everything bicep.sh printed (its diagnostics go to stderr). */
  log: string;
}

/**
 * Runs `bash scripts/bicep.sh build --outdir <temp>`. Throws with the script's own message when the
 * Bicep CLI cannot be obtained or the templates have any lint/compiler finding: the tests then fail.
 */
export function buildInfra(): CompiledInfra {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-numbers-arm-'));
  const run = spawnSync('bash', [path.join(repoRoot, 'scripts', 'bicep.sh'), 'build', '--outdir', dir], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 9 * 60 * 1000,
  });
  const log = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  if (run.error || run.status !== 0) {
    throw new Error(`scripts/bicep.sh build failed (exit ${run.status}${run.error ? `, ${run.error.message}` : ''}):\n${log}`);
  }
  const main = JSON.parse(fs.readFileSync(path.join(dir, 'main.json'), 'utf8')) as JsonObject;
  return { dir, main, log };
}

export function removeBuild(compiled: CompiledInfra | undefined): void {
  if (compiled) fs.rmSync(compiled.dir, { recursive: true, force: true });
}

/** Builds infra/ once for the calling test file (beforeAll, removed afterAll); returns the build. */
export function useCompiledInfra(): () => CompiledInfra {
  let compiled: CompiledInfra | undefined;
  beforeAll(
    () => {
      compiled = buildInfra();
    },
    10 * 60 * 1000,
  );
  afterAll(() => removeBuild(compiled));
  return () => {
    if (!compiled) throw new Error('infra/ was not built (see the beforeAll failure)');
    return compiled;
  };
}

// ---------------------------------------------------------------------------------------------
// Template language: parser

type Node =
  | { kind: 'str'; value: string }
  | { kind: 'num'; value: number }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'prop'; target: Node; name: string }
  | { kind: 'index'; target: Node; index: Node };

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) throw new Error(`unterminated string in ${text}`);
        if (text.charAt(j) === "'") {
          if (text.charAt(j + 1) === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text.charAt(j);
        j += 1;
      }
      tokens.push(`'${value}`);
      i = j + 1;
    } else if ('(),[].'.includes(c)) {
      tokens.push(c);
      i += 1;
    } else {
      const m = /^(-?\d+(\.\d+)?|[A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
      if (!m) throw new Error(`cannot read expression at "${text.slice(i)}"`);
      tokens.push(m[0]);
      i += m[0].length;
    }
  }
  return tokens;
}

function parseExpression(text: string): Node {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const next = (): string => {
    const t = tokens[pos];
    if (t === undefined) throw new Error(`unexpected end of expression ${text}`);
    pos += 1;
    return t;
  };
  const expect = (t: string): void => {
    const got = next();
    if (got !== t) throw new Error(`expected "${t}" but found "${got}" in ${text}`);
  };
  const primary = (): Node => {
    const t = next();
    if (t.startsWith("'")) return { kind: 'str', value: t.slice(1) };
    if (/^-?\d/.test(t)) return { kind: 'num', value: Number(t) };
    if (!/^[A-Za-z_]/.test(t)) throw new Error(`unexpected "${t}" in ${text}`);
    expect('(');
    const args: Node[] = [];
    if (peek() !== ')') {
      for (;;) {
        args.push(expression());
        if (peek() === ',') {
          next();
          continue;
        }
        break;
      }
    }
    expect(')');
    return { kind: 'call', name: t.toLowerCase(), args };
  };
  const expression = (): Node => {
    let node = primary();
    for (;;) {
      if (peek() === '.') {
        next();
        node = { kind: 'prop', target: node, name: next() };
      } else if (peek() === '[') {
        next();
        const index = expression();
        expect(']');
        node = { kind: 'index', target: node, index };
      } else {
        return node;
      }
    }
  };
  const node = expression();
  if (pos !== tokens.length) throw new Error(`trailing tokens in ${text}`);
  return node;
}

// ---------------------------------------------------------------------------------------------
// Template language: evaluator

interface Lambda {
  lambda: true;
  params: string[];
  body: Node;
}
type Value = Json | Lambda;

const isLambda = (v: Value): v is Lambda => typeof v === 'object' && v !== null && !Array.isArray(v) && 'lambda' in v;
const isObject = (v: Value): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v) && !isLambda(v);
const asJson = (v: Value): Json => {
  if (isLambda(v)) throw new Error('a lambda is not a value');
  return v;
};
const asString = (v: Value): string => {
  if (typeof v !== 'string') throw new Error(`expected a string, got ${JSON.stringify(v)}`);
  return v;
};

export interface Scope {
  subscriptionId: string;
  tenantId: string;
  resourceGroup?: string;
  location: string;
}

/** A resource as it would be deployed. */
export interface DeployedResource {
  type: string;
  name: string;
  /** Resource id of the scope (extension resources such as role assignments), else undefined. */
  scope?: string;
  /** The deployment (module path, e.g. "main/api") that declares it. */
  deployment: string;
  resourceGroup?: string;
  value: JsonObject;
}

export interface Deployment {
  resources: DeployedResource[];
  outputs: Record<string, Json>;
}

/** Stand-ins for values Azure only knows at deployment time. */
function runtimeProperties(type: string, name: string): JsonObject {
  switch (type.toLowerCase()) {
    case 'microsoft.storage/storageaccounts':
      return {
        primaryEndpoints: {
          blob: `https://${name}.blob.core.windows.net/`,
          queue: `https://${name}.queue.core.windows.net/`,
          table: `https://${name}.table.core.windows.net/`,
          file: `https://${name}.file.core.windows.net/`,
        },
      };
    case 'microsoft.managedidentity/userassignedidentities':
      return { clientId: `client-id-of-${name}`, principalId: `principal-id-of-${name}`, tenantId: 'tenant-id' };
    case 'microsoft.insights/components':
      return {
        ConnectionString: `InstrumentationKey=instrumentation-key-of-${name};IngestionEndpoint=https://ingestion.example/`,
      };
    case 'microsoft.keyvault/vaults':
      return { vaultUri: `https://${name}.vault.azure.net/` };
    case 'microsoft.web/sites':
      return { defaultHostName: `${name}.azurewebsites.net` };
    case 'microsoft.eventgrid/topics':
      return { endpoint: `https://${name}.region-1.eventgrid.azure.net/api/events` };
    default:
      throw new Error(`no runtime stand-in for reference() of ${type}`);
  }
}

function resourceIdOf(scope: Scope, type: string, names: string[]): string {
  const segments = type.split('/');
  const provider = segments.shift();
  let id = scope.resourceGroup ? `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}` : `/subscriptions/${scope.subscriptionId}`;
  id += `/providers/${provider}`;
  segments.forEach((segment, i) => {
    id += `/${segment}/${names[i] ?? ''}`;
  });
  return id;
}

/** Parses ".../providers/<ns>/<type>/<name>[/<type>/<name>]" back into type and name. */
function typeAndNameOf(id: string): { type: string; name: string } {
  const m = /\/providers\/([^/]+)\/(.+)$/.exec(id);
  if (!m || m[1] === undefined || m[2] === undefined) throw new Error(`not a resource id: ${id}`);
  const parts = m[2].split('/');
  const types: string[] = [];
  const names: string[] = [];
  parts.forEach((p, i) => (i % 2 === 0 ? types.push(p) : names.push(p)));
  return { type: [m[1], ...types].join('/'), name: names.join('/') };
}

class TemplateEvaluator {
  private readonly variableCache = new Map<string, Json>();
  private readonly moduleRuns = new Map<string, Deployment>();
  private copyIndexValue: number | undefined;

  constructor(
    private readonly template: JsonObject,
    private readonly parameters: Record<string, Json>,
    private readonly scope: Scope,
    private readonly deploymentName: string,
    private readonly resources: DeployedResource[],
  ) {}

  evaluate(value: Json, lambdaVars: Record<string, Value> = {}): Json {
    if (typeof value === 'string') {
      if (value.startsWith('[[')) return value.slice(1);
      if (value.startsWith('[') && value.endsWith(']')) {
        return asJson(this.evalNode(parseExpression(value.slice(1, -1)), lambdaVars));
      }
      return value;
    }
    if (Array.isArray(value)) return value.map((v) => this.evaluate(v, lambdaVars));
    if (value !== null && typeof value === 'object') {
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) out[asString(this.evaluate(k, lambdaVars))] = this.evaluate(v, lambdaVars);
      return out;
    }
    return value;
  }

  private variable(name: string): Json {
    const cached = this.variableCache.get(name);
    if (cached !== undefined) return cached;
    const variables = (this.template.variables ?? {}) as JsonObject;
    if (!(name in variables)) throw new Error(`unknown variable ${name} in ${this.deploymentName}`);
    const value = this.evaluate(variables[name] as Json);
    this.variableCache.set(name, value);
    return value;
  }

  private parameter(name: string): Json {
    if (!(name in this.parameters)) throw new Error(`unknown parameter ${name} in ${this.deploymentName}`);
    return this.parameters[name] as Json;
  }

  private evalNode(node: Node, lambdaVars: Record<string, Value>): Value {
    switch (node.kind) {
      case 'str':
        return node.value;
      case 'num':
        return node.value;
      case 'prop': {
        const target = this.evalNode(node.target, lambdaVars);
        if (!isObject(target)) throw new Error(`.${node.name} of a non-object`);
        if (!(node.name in target)) throw new Error(`no property ${node.name} in ${JSON.stringify(target)}`);
        return target[node.name] as Json;
      }
      case 'index': {
        const target = this.evalNode(node.target, lambdaVars);
        const index = this.evalNode(node.index, lambdaVars);
        if (Array.isArray(target) && typeof index === 'number') {
          if (index < 0 || index >= target.length) throw new Error(`index ${index} out of range`);
          return target[index] as Json;
        }
        if (isObject(target) && typeof index === 'string') return target[index] as Json;
        throw new Error('bad index access');
      }
      case 'call':
        return this.call(node, lambdaVars);
    }
  }

  private call(node: { name: string; args: Node[] }, lambdaVars: Record<string, Value>): Value {
    // Lazily evaluated functions first.
    if (node.name === 'if') {
      const [cond, whenTrue, whenFalse] = node.args;
      if (!cond || !whenTrue || !whenFalse) throw new Error('if() needs three arguments');
      return this.evalNode(this.evalNode(cond, lambdaVars) === true ? whenTrue : whenFalse, lambdaVars);
    }
    if (node.name === 'lambda') {
      const body = node.args[node.args.length - 1];
      if (!body) throw new Error('lambda() without body');
      const params = node.args.slice(0, -1).map((a) => {
        if (a.kind !== 'str') throw new Error('lambda parameter names must be strings');
        return a.value;
      });
      return { lambda: true, params, body };
    }
    const args = node.args.map((a) => this.evalNode(a, lambdaVars));
    const invoke = (fn: Value, values: Value[]): Value => {
      if (!isLambda(fn)) throw new Error('expected a lambda');
      const vars: Record<string, Value> = { ...lambdaVars };
      fn.params.forEach((p, i) => (vars[p] = values[i] ?? null));
      return this.evalNode(fn.body, vars);
    };
    const str = (i: number): string => asString(args[i] ?? null);
    switch (node.name) {
      case 'parameters':
        return this.parameter(str(0));
      case 'variables':
        return this.variable(str(0));
      case 'lambdavariables': {
        const v = lambdaVars[str(0)];
        if (v === undefined) throw new Error(`unknown lambda variable ${str(0)}`);
        return v;
      }
      case 'format':
        return str(0).replace(/\{(\d+)\}/g, (_m, i: string) => {
          const v = args[Number(i) + 1];
          return typeof v === 'string' ? v : JSON.stringify(v);
        });
      case 'concat':
        if (args.every((a) => Array.isArray(a))) return (args as Json[][]).flat();
        return args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join('');
      case 'string':
        return typeof args[0] === 'string' ? args[0] : JSON.stringify(args[0]);
      case 'tolower':
        return str(0).toLowerCase();
      case 'toupper':
        return str(0).toUpperCase();
      case 'take': {
        const v = args[0];
        const n = args[1];
        if (typeof n !== 'number') throw new Error('take() count');
        if (typeof v === 'string' || Array.isArray(v)) return v.slice(0, n) as Json;
        throw new Error('take() of a non-string');
      }
      case 'uniquestring':
        return createHash('sha256')
          .update(args.map((a) => JSON.stringify(a)).join('|'))
          .digest('hex')
          .slice(0, 13);
      case 'guid':
        // Not Azure's algorithm: a readable record of what the name is derived from.
        return `guid(${args.map((a) => asString(a ?? null)).join(', ')})`;
      case 'empty': {
        const v = args[0];
        if (v === null || v === undefined || v === '') return true;
        if (Array.isArray(v)) return v.length === 0;
        if (isObject(v)) return Object.keys(v).length === 0;
        return false;
      }
      case 'not':
        return args[0] !== true;
      case 'and':
        return args.every((a) => a === true);
      case 'or':
        return args.some((a) => a === true);
      case 'equals':
        return JSON.stringify(args[0]) === JSON.stringify(args[1]);
      case 'true':
        return true;
      case 'false':
        return false;
      case 'null':
        return null;
      case 'length': {
        const v = args[0] ?? null;
        if (typeof v === 'string' || Array.isArray(v)) return v.length;
        if (isObject(v)) return Object.keys(v).length;
        throw new Error('length() of a non-collection');
      }
      case 'createarray':
        return args.map(asJson);
      case 'createobject': {
        const out: JsonObject = {};
        for (let i = 0; i < args.length; i += 2) out[str(i)] = asJson(args[i + 1] ?? null);
        return out;
      }
      case 'union': {
        if (args.every((a) => Array.isArray(a))) {
          const unique = new Set((args as Json[][]).flat().map((x) => JSON.stringify(x)));
          return [...unique].map((x) => JSON.parse(x) as Json);
        }
        const out: JsonObject = {};
        for (const a of args) {
          if (!isObject(a)) throw new Error('union() of a non-object');
          Object.assign(out, a);
        }
        return out;
      }
      case 'items': {
        const v = args[0] ?? null;
        if (!isObject(v)) throw new Error('items() of a non-object');
        return Object.entries(v).map(([key, value]) => ({ key, value }));
      }
      case 'filter': {
        const v = args[0];
        if (!Array.isArray(v)) throw new Error('filter() of a non-array');
        return v.filter((x) => invoke(args[1] ?? null, [x]) === true);
      }
      case 'map': {
        const v = args[0];
        if (!Array.isArray(v)) throw new Error('map() of a non-array');
        return v.map((x) => asJson(invoke(args[1] ?? null, [x])));
      }
      case 'toobject': {
        const v = args[0];
        if (!Array.isArray(v)) throw new Error('toObject() of a non-array');
        const out: JsonObject = {};
        for (const x of v) {
          out[asString(invoke(args[1] ?? null, [x]))] = args[2] === undefined ? x : asJson(invoke(args[2], [x]));
        }
        return out;
      }
      case 'copyindex':
        if (this.copyIndexValue === undefined) throw new Error('copyIndex() outside a copy loop');
        return this.copyIndexValue + (typeof args[0] === 'number' ? args[0] : 0);
      case 'subscription':
        return {
          id: `/subscriptions/${this.scope.subscriptionId}`,
          subscriptionId: this.scope.subscriptionId,
          tenantId: this.scope.tenantId,
        };
      case 'tenant':
        return { tenantId: this.scope.tenantId };
      case 'resourcegroup':
        if (!this.scope.resourceGroup) throw new Error('resourceGroup() at subscription scope');
        return {
          id: `/subscriptions/${this.scope.subscriptionId}/resourceGroups/${this.scope.resourceGroup}`,
          name: this.scope.resourceGroup,
          location: this.scope.location,
        };
      case 'deployment':
        return { name: this.deploymentName };
      case 'resourceid': {
        // resourceId([subscriptionId], [resourceGroupName], type, name...)
        const strings = args.map((a) => asString(a ?? null));
        const typeAt = strings.findIndex((s) => /^[A-Za-z0-9.]+\/[A-Za-z]/.test(s));
        const type = strings[typeAt] ?? '';
        return resourceIdOf(this.scope, type, strings.slice(typeAt + 1));
      }
      case 'subscriptionresourceid': {
        const strings = args.map((a) => asString(a ?? null));
        return resourceIdOf({ ...this.scope, resourceGroup: undefined }, strings[0] ?? '', strings.slice(1));
      }
      case 'extensionresourceid': {
        const strings = args.map((a) => asString(a ?? null));
        const type = strings[1] ?? '';
        const segments = type.split('/');
        const provider = segments.shift();
        let id = `${strings[0]}/providers/${provider}`;
        segments.forEach((segment, i) => (id += `/${segment}/${strings[i + 2] ?? ''}`));
        return id;
      }
      case 'reference':
        return this.reference(str(0));
      default:
        throw new Error(`template function ${node.name}() is not implemented by the test evaluator`);
    }
  }

  /** Resources of a template: an array, or (languageVersion 2.0) an object keyed by symbolic name. */
  private resourceList(): JsonObject[] {
    const resources = this.template.resources ?? [];
    const list = Array.isArray(resources) ? resources : isObject(resources) ? Object.values(resources) : [];
    return list.filter((r): r is JsonObject => isObject(r));
  }

  private reference(idOrName: string): Json {
    if (!idOrName.startsWith('/')) {
      // languageVersion 2.0: reference('<symbolic name>').
      const resources = this.template.resources;
      const symbolic = isObject(resources ?? null) ? (resources as JsonObject)[idOrName] : undefined;
      if (!isObject(symbolic ?? null)) throw new Error(`reference() to unknown resource ${idOrName}`);
      const resource = symbolic as JsonObject;
      const name = asString(this.evaluate(resource.name as Json));
      return runtimeProperties(asString(resource.type as Json), name.split('/').pop() ?? name);
    }
    const { type, name } = typeAndNameOf(idOrName);
    if (type.toLowerCase() === 'microsoft.resources/deployments') {
      const run = this.moduleRuns.get(name) ?? this.runModule(name);
      const outputs: JsonObject = {};
      for (const [k, v] of Object.entries(run.outputs)) outputs[k] = { value: v };
      return { outputs };
    }
    return runtimeProperties(type, name.split('/').pop() ?? name);
  }

  private moduleResources(): JsonObject[] {
    return this.resourceList().filter((r) => r.type === 'Microsoft.Resources/deployments');
  }

  private runModule(name: string): Deployment {
    const module = this.moduleResources().find((r) => this.evaluate(r.name as Json) === name);
    if (!module) throw new Error(`no module deployment ${name} in ${this.deploymentName}`);
    if (module.condition !== undefined && this.evaluate(module.condition) !== true) {
      throw new Error(`reference() to module ${name}, which is not deployed`);
    }
    const props = module.properties as JsonObject;
    const given = (props.parameters ?? {}) as JsonObject;
    const values: Record<string, Json> = {};
    for (const [k, v] of Object.entries(given)) {
      // Either { "value": <expression> } or one expression that yields { "value": ... }.
      const entry = this.evaluate(v);
      if (!isObject(entry) || !('value' in entry)) throw new Error(`module ${name}: parameter ${k} has no value`);
      values[k] = entry.value as Json;
    }
    const resourceGroup = module.resourceGroup !== undefined ? asString(this.evaluate(module.resourceGroup)) : this.scope.resourceGroup;
    const run = deployTemplate(props.template as JsonObject, values, { ...this.scope, resourceGroup }, `${this.deploymentName}/${name}`, this.resources);
    this.moduleRuns.set(name, run);
    return run;
  }

  run(): Deployment {
    for (const resource of this.resourceList()) {
      if (resource.existing === true) continue;
      const copy = resource.copy as JsonObject | undefined;
      const count = copy ? (this.evaluate(copy.count as Json) as number) : 1;
      for (let i = 0; i < count; i += 1) {
        this.copyIndexValue = copy ? i : undefined;
        if (resource.condition !== undefined && this.evaluate(resource.condition) !== true) continue;
        const type = asString(resource.type as Json);
        const name = asString(this.evaluate(resource.name as Json));
        if (type === 'Microsoft.Resources/deployments') {
          this.copyIndexValue = undefined;
          if (!this.moduleRuns.has(name)) this.runModule(name);
          continue;
        }
        const evaluated = this.evaluate(resource) as JsonObject;
        this.resources.push({
          type,
          name,
          scope: typeof evaluated.scope === 'string' ? this.scopeId(evaluated.scope) : undefined,
          deployment: this.deploymentName,
          resourceGroup: this.scope.resourceGroup,
          value: evaluated,
        });
      }
      this.copyIndexValue = undefined;
    }
    const outputs: Record<string, Json> = {};
    for (const [k, v] of Object.entries((this.template.outputs ?? {}) as JsonObject)) {
      const output = v as JsonObject;
      if (output.condition !== undefined && this.evaluate(output.condition) !== true) continue;
      outputs[k] = this.evaluate(output.value as Json);
    }
    return { resources: this.resources, outputs };
  }

  /** Bicep writes a scope either as a resource id or as "<type>/<name>" relative to the deployment. */
  private scopeId(scope: string): string {
    if (scope.startsWith('/')) return scope;
    const parts = scope.split('/');
    const provider = parts.shift() ?? '';
    const types: string[] = [provider];
    const names: string[] = [];
    parts.forEach((p, i) => (i % 2 === 0 ? types.push(p) : names.push(p)));
    return resourceIdOf(this.scope, types.join('/'), names);
  }
}

function deployTemplate(template: JsonObject, given: Record<string, Json>, scope: Scope, deploymentName: string, resources: DeployedResource[]): Deployment {
  const declared = (template.parameters ?? {}) as JsonObject;
  for (const name of Object.keys(given)) {
    if (!(name in declared)) throw new Error(`${deploymentName}: parameter ${name} is not declared`);
  }
  const values: Record<string, Json> = {};
  // Defaults may refer to other parameters, so evaluate them with what is known so far.
  const evaluator = new TemplateEvaluator(template, values, scope, deploymentName, resources);
  for (const [name, definition] of Object.entries(declared)) {
    const def = definition as JsonObject;
    let value: Json | undefined = given[name];
    if (value === undefined) {
      if (def.defaultValue === undefined) throw new Error(`${deploymentName}: required parameter ${name} has no value`);
      value = evaluator.evaluate(def.defaultValue);
    }
    const allowed = def.allowedValues as Json[] | undefined;
    if (allowed && !allowed.some((a) => JSON.stringify(a) === JSON.stringify(value))) {
      throw new Error(`${deploymentName}: ${name}=${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`);
    }
    if (typeof def.minLength === 'number' && typeof value === 'string' && value.length < def.minLength) {
      throw new Error(`${deploymentName}: ${name} is shorter than ${def.minLength}`);
    }
    if (typeof def.minValue === 'number' && typeof value === 'number' && value < def.minValue) {
      throw new Error(`${deploymentName}: ${name} is below ${def.minValue}`);
    }
    values[name] = value;
  }
  return evaluator.run();
}

export const testScope: Scope = {
  subscriptionId: '00000000-0000-0000-0000-00000000000a',
  tenantId: '00000000-0000-0000-0000-00000000000b',
  location: 'swedencentral',
};

/** "Deploys" the compiled main template (subscription scope) with these parameter values. */
export function deployMain(main: JsonObject, parameters: Record<string, Json>): Deployment {
  return deployTemplate(main, parameters, testScope, 'main', []);
}

/** The minimum a deployment needs: the required parameters. */
export const requiredParameters: Record<string, Json> = {
  environmentName: 'oc-test',
  location: 'swedencentral',
  livePlatformBaseUrl: 'https://live.example/tenantui',
  snapshotTenants: '*',
};

export function resourcesOfType(deployment: Deployment, type: string): DeployedResource[] {
  return deployment.resources.filter((r) => r.type.toLowerCase() === type.toLowerCase());
}

export function onlyResourceOfType(deployment: Deployment, type: string): DeployedResource {
  const found = resourcesOfType(deployment, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0] as DeployedResource;
}

export function props(resource: DeployedResource): JsonObject {
  return (resource.value.properties ?? {}) as JsonObject;
}

/** Every compiled template (main and modules) as text, for searches over the whole infrastructure. */
export function allCompiledText(compiled: CompiledInfra): string {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) texts.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(compiled.dir);
  return texts.join('\n');
}
