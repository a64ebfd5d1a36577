import { rm } from 'node:fs/promises';
import { testGlobals } from './globalSetup';

/** Stops what globalSetup started; nothing may outlive the jest run. */
export default async function globalTeardown(): Promise<void> {
  const globals = testGlobals();
  const { sandbox, azurite, stateDir } = globals;
  globals.sandbox = undefined;
  globals.azurite = undefined;
  globals.stateDir = undefined;
  await Promise.allSettled([sandbox?.close(), azurite?.stop()]);
  if (stateDir !== undefined) await rm(stateDir, { recursive: true, force: true });
}
