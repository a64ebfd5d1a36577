import { useSettings } from '../support/appState';
import { uniqueTenantId } from '../support/sandboxControl';

test('the live number routes load the Table Storage SDK only when a snapshot is first read', async () => {
  useSettings();
  let loaded = false;
  await jest.isolateModulesAsync(async () => {
    jest.doMock('@azure/data-tables', () => {
      loaded = true;
      return jest.requireActual('@azure/data-tables');
    });
    require('../../functions/getTenantNumbers');
    require('../../functions/getTenantNumber');
    expect(loaded).toBe(false);

    const { readSnapshotNumbers } = require('../../shared/snapshots/readSnapshotNumbers') as typeof import('../../shared/snapshots/readSnapshotNumbers');
    await expect(readSnapshotNumbers(uniqueTenantId())).resolves.toBeNull();
    expect(loaded).toBe(true);
  });
});
