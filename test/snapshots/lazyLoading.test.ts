import { lateLoad } from '../../shared/runtime/lateLoad';
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
    lateLoad(require, '../../functions/getTenantNumbers')();
    lateLoad(require, '../../functions/getTenantNumber')();
    expect(loaded).toBe(false);

    const { readTenantSnapshot } = lateLoad<typeof import('../../shared/snapshots/readTenantSnapshot')>(require, '../../shared/snapshots/readTenantSnapshot')();
    await expect(readTenantSnapshot(uniqueTenantId())).resolves.toBeNull();
    expect(loaded).toBe(true);
  });
});
