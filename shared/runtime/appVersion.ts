import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { appRoot } from './appRoot';

/** The app's package.json version. */
function readVersion(): string {
  const manifestPath = path.join(appRoot, 'package.json');
  if (!existsSync(manifestPath)) return 'unknown';
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { name?: string; version?: string };
  return manifest.name === 'oc-numbers' && manifest.version ? manifest.version : 'unknown';
}

export const appVersion = readVersion();
