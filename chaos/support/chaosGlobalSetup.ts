import globalSetup from '../../test/support/globalSetup';

/** The suite's sandbox and in-memory Azurite, exactly as `npm test` starts them (test/support/globalSetup.ts). */
export default async function chaosGlobalSetup(): Promise<void> {
  if (!process.env['CHAOS_FIGURES_DIR']) throw new Error('CHAOS_FIGURES_DIR is not set: run the chaos suites with npm run chaos');
  await globalSetup();
}
