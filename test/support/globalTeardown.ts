import { rm } from 'node:fs/promises';
import { testGlobals } from './globalSetup';
import { testFunctionKey } from './testFunctionKey';
import { scanForSecrets } from './secretScan';

/** Stops what globalSetup started; nothing may outlive the jest run. */
export default async function globalTeardown(): Promise<void> {
  const globals = testGlobals();
  const { sandbox, azurite, stateDir } = globals;
  globals.sandbox = undefined;
  globals.azurite = undefined;
  globals.stateDir = undefined;
  await Promise.allSettled([sandbox?.close(), azurite?.stop()]);
  const secrets = [process.env['IDENTITY_HEADER'], process.env['LIVE_PLATFORM_CLIENT_SECRET'], testFunctionKey].filter((s): s is string => !!s);
  const findings = process.env['SECRET_SCAN_DIR'] ? await scanForSecrets(process.env['SECRET_SCAN_DIR'], secrets) : [];
  if (stateDir !== undefined) await rm(stateDir, { recursive: true, force: true });
  if (findings.length > 0) throw new Error(`Secrets found in responses or logs of the suite:\n${findings.join('\n')}`);
}
