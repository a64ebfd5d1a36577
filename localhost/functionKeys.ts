import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The one local key: made on first start, kept in the git-ignored `.local/local-host/` so it stays
 * the same across restarts. It stands for the host's master key, so it opens `function` and
 * `admin` routes alike; `anonymous` routes need none.
 */
export function localFunctionKey(stateDir: string): string {
  const file = path.join(stateDir, 'function-key');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return kept;
  }
  const key = randomBytes(32).toString('base64url');
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

export type AuthLevel = 'anonymous' | 'function' | 'admin';

/** The key as the host takes it: the `x-functions-key` header, else the `code` query parameter. */
export function presentedKey(headers: { get(name: string): string | null }, query: URLSearchParams): string | undefined {
  return headers.get('x-functions-key') ?? query.get('code') ?? undefined;
}

export function isAuthorized(authLevel: AuthLevel, presented: string | undefined, key: string): boolean {
  if (authLevel === 'anonymous') return true;
  if (presented === undefined) return false;
  const given = Buffer.from(presented);
  const expected = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
