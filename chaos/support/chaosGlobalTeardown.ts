import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import globalTeardown from '../../test/support/globalTeardown';
import { scanForSecrets } from '../../test/support/secretScan';
import { Figures } from './figures';
import { secretValues } from './secretValues';

/**
 * Suite 5, secrets: everything the whole chaos run logged and answered (invokeHttp's capture, the
 * worker logs and the load suite's stream, all in SECRET_SCAN_DIR) is scanned for every secret
 * value — identity header, client secret, function key, the storage account key — raw and
 * URL-encoded, and for any token (JWT shape). Then the usual teardown stops sandbox and Azurite.
 */
export default async function chaosGlobalTeardown(): Promise<void> {
  const folder = process.env['SECRET_SCAN_DIR'];
  const secrets = secretValues();
  const files = folder ? await readdir(folder).catch(() => [] as string[]) : [];
  let bytes = 0;
  let lines = 0;
  for (const file of files) {
    const text = await readFile(path.join(folder as string, file), 'utf8');
    bytes += Buffer.byteLength(text);
    lines += text.split('\n').length - 1;
  }
  const findings = folder ? await scanForSecrets(folder, secrets) : [];

  const figures = new Figures('Secrets', 5);
  figures.note(
    `Scanned ${files.length} capture files: ${lines.toLocaleString('en-US')} lines, ${(bytes / 1048576).toFixed(1)} MiB — every response (status, headers, body) and log line of suites 1–3 (the load suite scans its answers inline, see its row).`,
  );
  figures.note('Values looked for, raw and URL-encoded: IDENTITY_HEADER, LIVE_PLATFORM_CLIENT_SECRET, the function key, the storage account key; and any JWT.');
  let failure: unknown;
  try {
    figures.check({ check: 'captured lines scanned', figure: lines.toLocaleString('en-US'), target: '> 0 (every suite captured)', pass: lines > 0 });
    figures.check({
      check: 'secret values or tokens found',
      figure: String(findings.length),
      target: '0',
      pass: findings.length === 0,
    });
  } catch (error) {
    failure = error;
  }
  await globalTeardown();
  if (failure) throw new Error(`${String(failure)}\n${findings.join('\n')}`);
}
