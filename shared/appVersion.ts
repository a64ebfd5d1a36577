import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The app's package.json version; compiled code sits one folder deeper than the sources. */
function readVersion(): string {
  for (const candidate of [path.resolve(__dirname, '../package.json'), path.resolve(__dirname, '../../package.json')]) {
    if (!existsSync(candidate)) continue;
    const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === 'oc-numbers' && manifest.version) return manifest.version;
  }
  return 'unknown';
}

export const appVersion = readVersion();
