import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { lateLoad } from '../shared/runtime/lateLoad';
import { registeredFunctions, type RecordedFunction } from './functionsCore';

/** The compiled entry points the host loads: package.json `main` (a `dir/*.js` pattern). */
export function appEntryFiles(appRoot: string): string[] {
  const { main } = JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { main: string };
  const folder = path.join(appRoot, path.dirname(main));
  const pattern = new RegExp(
    `^${path
      .basename(main)
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')}$`,
  );
  return readdirSync(folder)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => path.join(folder, name));
}

/** Loads every entry point, as the host does at worker start, and returns what was registered. */
export function loadApp(appRoot: string): ReadonlyMap<string, RecordedFunction> {
  for (const file of appEntryFiles(appRoot)) lateLoad(require, file)();
  return registeredFunctions();
}

export function registeredHandler<T>(name: string): T {
  const registered = registeredFunctions().get(name);
  if (!registered) throw new Error(`function ${name} is not registered`);
  return registered.handler as unknown as T;
}
