import path from 'node:path';
import { appRoot } from '../../shared/runtime/appRoot';
import { lateLoad } from '../../shared/runtime/lateLoad';
import { sdkBundleDir } from '../../shared/sdk/bundledSdk';
import { useSettings } from '../support/appState';
import { registerTenant, uniqueTenantId } from '../support/sandboxControl';

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

test('registering every function loads neither the identity nor the axios bundle, nor the snapshot worker: the first lookup loads those bundles, never the packages', async () => {
  useSettings({ LIVE_PLATFORM_AUTH: 'managed-identity', LIVE_PLATFORM_CACHE_SECONDS: '0' });
  const tenant = uniqueTenantId();
  await registerTenant(tenant, { count: 2 });
  const loaded = new Set<string>();
  const identityBundle = path.join(sdkBundleDir, 'identity.js');
  const axiosBundle = path.join(sdkBundleDir, 'axios.js');
  await jest.isolateModulesAsync(async () => {
    for (const name of ['@azure/identity', '@azure/msal-node', 'axios', '@azure/data-tables', identityBundle, axiosBundle]) {
      jest.doMock(name, () => {
        loaded.add(name);
        return jest.requireActual(name);
      });
    }
    const { appEntryFiles } = lateLoad<typeof import('../../localhost/loadApp')>(require, '../../localhost/loadApp')();
    for (const file of appEntryFiles(appRoot).map((compiled) => compiled.replace(`${path.sep}dist${path.sep}`, path.sep).replace(/\.js$/, '')))
      lateLoad(require, file)();
    expect([...loaded]).toEqual([]);
    expect(Object.keys(require.cache).some((file) => /shared[\\/]snapshots[\\/]processSnapshotMessage/.test(file))).toBe(false);

    const { getSettings } = lateLoad<typeof import('../../shared/config/settings')>(require, '../../shared/config/settings')();
    const { getLivePlatformClient } = lateLoad<typeof import('../../shared/live-platform/livePlatform')>(require, '../../shared/live-platform/livePlatform')();
    const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const records = await getLivePlatformClient(getSettings()).fetchTenantNumbers(tenant, { channelId: null, correlationId: 'lazy-loading', log: silent });
    expect(records).toHaveLength(2);
    expect([...loaded].sort()).toEqual([axiosBundle, identityBundle].sort());
  });
});
