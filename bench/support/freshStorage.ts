import { appSnapshotTables, type SnapshotTables } from '../../shared/storage/snapshotTables';
import { startAzurite } from '../../test/support/azurite';

/**
 * Runs `work` against an Azurite of its own, started empty and stopped after, with its point lookup
 * served by the RowKey index (azuritePointLookup.ts). Even so Azurite slows down as its tables fill,
 * so a measurement that ran after another on the same emulator would pay for the other's rows: each
 * write measurement gets a fresh one. The app follows because its storage clients are keyed by the
 * SnapshotStorage setting.
 */
export async function withFreshStorage<T>(work: (tables: SnapshotTables) => Promise<T>): Promise<T> {
  const azurite = await startAzurite({ preload: require.resolve('./azuritePointLookup') });
  try {
    process.env['SnapshotStorage'] = azurite.connectionString;
    return await work(appSnapshotTables());
  } finally {
    delete process.env['SnapshotStorage'];
    await azurite.stop();
  }
}
