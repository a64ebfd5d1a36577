import { readdirSync } from 'node:fs';
import path from 'node:path';
import { lateLoad } from '../../shared/runtime/lateLoad';
import { registeredFunctions, type RecordedFunction } from '../../localhost/functionsCore';

export const functionsFolder = path.resolve(__dirname, '../../functions');

/** Loads every trigger file, as the host does through package.json `main`, and returns what was registered. */
export function loadFunctionApp(): ReadonlyMap<string, RecordedFunction> {
  for (const file of readdirSync(functionsFolder)
    .filter((name) => name.endsWith('.ts'))
    .sort()) {
    lateLoad(require, path.join(functionsFolder, file))();
  }
  return registeredFunctions();
}

export function registeredHandler<T extends (...args: never[]) => unknown>(name: string): T {
  const registered = loadFunctionApp().get(name);
  if (!registered) throw new Error(`Function ${name} is not registered`);
  return registered.handler as unknown as T;
}
