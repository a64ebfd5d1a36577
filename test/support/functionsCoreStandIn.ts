/**
 * Stand-in for `@azure/functions-core`, the module the Functions host injects into the Node worker.
 * The host cannot run here, so jest maps the module name to this file: the real `@azure/functions`
 * package then registers functions and hooks against it exactly as it would against the host,
 * and tests read back what the host would have seen.
 */
export interface RecordedBinding {
  type: string;
  direction: 'in' | 'out';
  [property: string]: unknown;
}

export interface RecordedFunction {
  metadata: { name: string; bindings: Record<string, RecordedBinding>; retryOptions?: unknown };
  handler: (...args: unknown[]) => unknown;
}

type HookCallback = (context: unknown) => unknown;

const functions = new Map<string, RecordedFunction>();
const hooks = new Map<string, HookCallback[]>();
let programmingModel: unknown;

class Disposable {
  constructor(private readonly onDispose: () => void) {}
  dispose(): void {
    this.onDispose();
  }
}

export function registerFunction(metadata: RecordedFunction['metadata'], handler: RecordedFunction['handler']): Disposable {
  if (functions.has(metadata.name)) throw new Error(`A function named ${metadata.name} is already registered`);
  functions.set(metadata.name, { metadata, handler });
  return new Disposable(() => functions.delete(metadata.name));
}

export function registerHook(hookName: string, callback: HookCallback): Disposable {
  const list = hooks.get(hookName) ?? [];
  list.push(callback);
  hooks.set(hookName, list);
  return new Disposable(() => hooks.set(hookName, (hooks.get(hookName) ?? []).filter((c) => c !== callback)));
}

export function setProgrammingModel(model: unknown): void {
  programmingModel = model;
}

export function getProgrammingModel(): unknown {
  return programmingModel;
}

export function log(): void {
  // The host's system log; nothing to record.
}

/** Test-side view of what was registered. */
export function registeredFunctions(): ReadonlyMap<string, RecordedFunction> {
  return functions;
}

export function registeredHooks(hookName: string): readonly HookCallback[] {
  return hooks.get(hookName) ?? [];
}
