import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { DEVSTORE_ACCOUNT_KEY, DEVSTORE_ACCOUNT_NAME } from '../support/azurite';
import { useSettings } from '../support/appState';
import { invokeHttp, type InvokeResult } from '../support/invokeHttp';
import { registerTenant, uniqueTenantId } from '../support/sandboxControl';

/**
 * Finding 7 of the hardening review (issue 15): with Table Storage down, the storage routes (and
 * source=snapshot) answered 500 after the SDK's ~5 s of retries; storage that accepts connections
 * and never answers held them for as long as the SDK waits. Storage trouble is the app's
 * dependency failing, not a bug: 503 with Retry-After, naming storage, within a deadline.
 */

type Problem = { type: string; status: number; detail: string };

// A closed port (connection refused) and a port that accepts connections and never answers.
let refusedPort = 0;
const silentSockets = new Set<net.Socket>();
const silent = net.createServer((socket) => {
  silentSockets.add(socket);
  socket.on('close', () => silentSockets.delete(socket));
});
beforeAll(async () => {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  refusedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});
afterAll(() => {
  for (const socket of silentSockets) socket.destroy();
  return new Promise((resolve) => silent.close(resolve));
});

const storageAt = (port: number) =>
  `DefaultEndpointsProtocol=http;AccountName=${DEVSTORE_ACCOUNT_NAME};AccountKey=${DEVSTORE_ACCOUNT_KEY};` +
  `TableEndpoint=http://127.0.0.1:${port}/${DEVSTORE_ACCOUNT_NAME};QueueEndpoint=http://127.0.0.1:${port}/${DEVSTORE_ACCOUNT_NAME}`;

function expectStorageUnavailable(response: InvokeResult): void {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  const problem = response.json<Problem>();
  expect(problem).toMatchObject({ type: 'urn:oc-numbers:problem:storage-unavailable', status: 503 });
  expect(problem.detail).toMatch(/storage/i);
  expect(response.body).not.toMatch(/\bat .+\(.+:\d+:\d+\)/);
}

describe('Table Storage unavailable', () => {
  const tenant = '8f9a0c52-5d0e-4c4b-9a55-2d52e1b4a6f1';

  test('refusing connections: the storage routes answer 503 with Retry-After, naming storage', async () => {
    useSettings({ SnapshotStorage: storageAt(refusedPort) });
    expectStorageUnavailable(await invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers?source=snapshot`, { params: { msTenantId: tenant } }));
    expectStorageUnavailable(await invokeHttp('getTenantNumberChanges', `tenants/${tenant}/changes`, { params: { msTenantId: tenant } }));
    expectStorageUnavailable(await invokeHttp('listSnapshotRuns', 'snapshot-runs'));
    expectStorageUnavailable(await invokeHttp('requestTenantSnapshot', `tenants/${tenant}/snapshots`, { method: 'POST', params: { msTenantId: tenant } }));
  });

  test('never answering: 503 within the storage deadline, not whenever the SDK gives up', async () => {
    useSettings({ SnapshotStorage: storageAt((silent.address() as AddressInfo).port) });
    expectStorageUnavailable(await invokeHttp('listSnapshotRuns', 'snapshot-runs'));
  }, 30_000);

  test('source=auto still answers live', async () => {
    useSettings({ SnapshotStorage: storageAt(refusedPort), LIVE_PLATFORM_RATE_LIMIT: '1000' });
    const live = uniqueTenantId();
    await registerTenant(live, { count: 3 });
    const response = await invokeHttp('getTenantNumbers', `tenants/${live}/numbers?source=auto`, { params: { msTenantId: live } });
    expect(response.status).toBe(200);
    expect(response.json<{ source: string; total: number }>()).toMatchObject({ source: 'live', total: 3 });
  });
});
