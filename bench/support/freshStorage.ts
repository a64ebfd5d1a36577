import { appSnapshotTables, type SnapshotTables } from '../../shared/storage/snapshotTables';
import { startAzurite } from '../../test/support/azurite';
import { startLatencyProxy, tableEndpointThrough } from './latencyProxy';

export interface StorageOptions {
  /** Milliseconds added to every table request's round trip by a loopback proxy (latencyProxy.ts); 0: none. */
  roundTripMs: number;
}

/**
 * Runs `work` against an Azurite of its own, started empty and stopped after, with its point lookup
 * served by the RowKey index (azuritePointLookup.ts). Even so Azurite slows down as its tables fill,
 * so a measurement that ran after another on the same emulator would pay for the other's rows: each
 * write measurement gets a fresh one. The app follows because its storage clients are keyed by the
 * SnapshotStorage setting. With a round trip, the table endpoint is a latency proxy in front of it.
 */
export async function withFreshStorage<T>(work: (tables: SnapshotTables) => Promise<T>, options: StorageOptions = { roundTripMs: 0 }): Promise<T> {
  const azurite = await startAzurite({ preload: require.resolve('./azuritePointLookup') });
  const proxy = options.roundTripMs > 0 ? await startLatencyProxy(azurite.ports.table, options.roundTripMs) : undefined;
  try {
    process.env['SnapshotStorage'] = proxy ? tableEndpointThrough(azurite.connectionString, proxy.port) : azurite.connectionString;
    const result = await work(appSnapshotTables());
    if (proxy && proxy.chunks() === 0) throw new Error('no table traffic went through the latency proxy');
    return result;
  } finally {
    delete process.env['SnapshotStorage'];
    await proxy?.close();
    await azurite.stop();
  }
}
