import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface LocalSettings {
  values: Record<string, string>;
  /** `Host.LocalHttpPort`: the port when --port is not given. */
  localHttpPort: number | undefined;
  /** `Host.CORS`: origins allowed to call from a browser (`*` for any); empty allows none. */
  corsOrigins: string[];
}

/** local.settings.json as Core Tools read it; an absent file is no settings. */
export function readLocalSettings(appRoot: string): LocalSettings {
  const file = path.join(appRoot, 'local.settings.json');
  if (!existsSync(file)) return { values: {}, localHttpPort: undefined, corsOrigins: [] };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as {
    IsEncrypted?: boolean;
    Values?: Record<string, unknown>;
    Host?: { LocalHttpPort?: unknown; CORS?: unknown };
  };
  if (parsed.IsEncrypted) throw new Error('local.settings.json is encrypted (IsEncrypted: true); the built-in local host reads only plain settings');
  const values = Object.fromEntries(
    Object.entries(parsed.Values ?? {}).map(([name, value]) => [name, value === null || value === undefined ? '' : String(value)]),
  );
  const port = parsed.Host?.LocalHttpPort;
  const cors =
    typeof parsed.Host?.CORS === 'string'
      ? parsed.Host.CORS.split(',')
          .map((origin) => origin.trim())
          .filter(Boolean)
      : [];
  return { values, localHttpPort: typeof port === 'number' ? port : undefined, corsOrigins: cors };
}

/**
 * Puts the Values into the environment the way Core Tools do: a variable already set in the
 * environment wins, and is named. Returns the names skipped.
 */
export function applyValues(values: Record<string, string>, env: NodeJS.ProcessEnv = process.env): string[] {
  const skipped: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (env[name] !== undefined) skipped.push(name);
    else env[name] = value;
  }
  return skipped;
}

/** `%NAME%` in a binding property is the app setting NAME, as the host resolves it. */
export function resolveSettingReferences(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return text.replace(/%([^%]+)%/g, (_, name: string) => {
    const value = env[name];
    if (value === undefined || value === '') throw new Error(`the binding refers to the app setting ${name}, which is not set`);
    return value;
  });
}
