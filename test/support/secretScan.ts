import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Every sandbox token is a JWT: any "eyJ….eyJ…" string in what the app said is a leaked token. */
const jwtShape = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/;

/**
 * Scans everything the suite's HTTP calls logged and answered (written by invokeHttp) for secret
 * values and token shapes. Runs in globalTeardown, so one leak anywhere fails the whole run.
 */
export async function scanForSecrets(folder: string, secrets: readonly string[]): Promise<string[]> {
  const findings: string[] = [];
  const files = await readdir(folder).catch(() => [] as string[]);
  for (const file of files) {
    const text = await readFile(path.join(folder, file), 'utf8');
    for (const secret of secrets) if (secret && text.includes(secret)) findings.push(`${file}: a secret value (${secret.length} characters)`);
    if (jwtShape.test(text)) findings.push(`${file}: a token`);
  }
  return findings;
}
