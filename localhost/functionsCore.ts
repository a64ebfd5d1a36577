/**
 * Stand-in for `@azure/functions-core`, the module the Functions host injects into the Node worker.
 * The real `@azure/functions` package registers functions and hooks against it exactly as it would
 * against the host. One emulation serves everything that runs the app without Core Tools: the
 * built-in local host of `npm start` (localhost/main.ts), the jest suite (moduleNameMapper), the
 * bench and the chaos suites (localhost/useFunctionsCore.ts) all read back what the host would see.
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
export type SystemLogHandler = (level: string, category: string, message: string) => void;

const functions = new Map<string, RecordedFunction>();
const hooks = new Map<string, HookCallback[]>();
let programmingModel: unknown;
let systemLog: SystemLogHandler = () => undefined;

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
  return new Disposable(() =>
    hooks.set(
      hookName,
      (hooks.get(hookName) ?? []).filter((c) => c !== callback),
    ),
  );
}

export function setProgrammingModel(model: unknown): void {
  programmingModel = model;
}

export function getProgrammingModel(): unknown {
  return programmingModel;
}

/** The worker's system log (`@azure/functions` warnings); dropped unless a host listens. */
export function log(level: string, category: string, message: string): void {
  systemLog(level, category, message);
}

/** The local host prints the system log; tests and the bench leave it silent. */
export function onSystemLog(handler: SystemLogHandler): void {
  systemLog = handler;
}

/** What was registered, as the host would read it. */
export function registeredFunctions(): ReadonlyMap<string, RecordedFunction> {
  return functions;
}

export function registeredHooks(hookName: string): readonly HookCallback[] {
  return hooks.get(hookName) ?? [];
}
