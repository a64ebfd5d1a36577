import path from 'node:path';
import type { RecordedFunction } from '../../localhost/functionsCore';
import { loadApp as loadAppAt } from '../../localhost/loadApp';

export { registeredHandler } from '../../localhost/loadApp';

/** The repository root, from dist/bench/support. */
export const repoRoot = path.resolve(__dirname, '../../..');

/** Loads the compiled app as the host (and the built-in local host) does, and returns what was registered. */
export function loadApp(): ReadonlyMap<string, RecordedFunction> {
  return loadAppAt(repoRoot);
}
