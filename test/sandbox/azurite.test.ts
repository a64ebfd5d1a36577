import { TableClient } from '@azure/data-tables';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAzurite } from '../support/azurite';

describe('Azurite test support', () => {
  it('the shared in-memory Azurite from globalSetup stores and reads a table entity', async () => {
    const connectionString = process.env['SnapshotStorage'] ?? '';
    expect(connectionString).toMatch(/TableEndpoint=http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1/);
    const table = TableClient.fromConnectionString(connectionString, `azuritecheck${Date.now()}`, { allowInsecureConnection: true });
    await table.createTable();
    await table.createEntity({ partitionKey: 'p', rowKey: 'r', value: 42 });
    expect((await table.getEntity<{ value: number }>('p', 'r')).value).toBe(42);
    await table.deleteTable();
  });

  it('keeps data across restart on the same port when given a disk location, and stops cleanly', async () => {
    const location = await mkdtemp(path.join(os.tmpdir(), 'oc-numbers-azurite-test-'));
    const azurite = await startAzurite({ location });
    try {
      const table = (): TableClient => TableClient.fromConnectionString(azurite.connectionString, 'restartcheck', { allowInsecureConnection: true });
      await table().createTable();
      await table().createEntity({ partitionKey: 'p', rowKey: 'r', value: 'kept' });

      const portBefore = azurite.ports.table;
      await azurite.restart();
      expect(azurite.ports.table).toBe(portBefore);
      expect((await table().getEntity<{ value: string }>('p', 'r')).value).toBe('kept');
    } finally {
      await azurite.stop();
      await rm(location, { recursive: true, force: true });
    }
    await expect(fetch(azurite.tableUrl)).rejects.toThrow();
  });
});
