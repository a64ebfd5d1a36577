import { useSettings } from '../support/appState';
import { startAzurite, type AzuriteHandle } from '../support/azurite';
import { closeStreamingHost, invokeThroughStreamingHost, workerCapabilities } from '../support/streamingHost';
import { tablesOn } from '../snapshots/support/snapshotHarness';
import { snapshotFixture, type Fixture } from '../views/viewFixtures';

/**
 * The host contract of HTTP streams (see shared/http/httpStreaming.ts): the worker reports an HttpUri,
 * and a streamed answer reaches the caller through it in chunks, while ordinary answers still work.
 */

let azurite: AzuriteHandle;
let t: Fixture;

beforeAll(async () => {
  azurite = await startAzurite();
  t = await snapshotFixture(tablesOn(azurite.connectionString));
  useSettings({ SnapshotStorage: azurite.connectionString });
}, 120_000);

afterAll(async () => {
  await closeStreamingHost();
  await azurite?.stop();
});

describe('HTTP streams, as the Functions host uses them', () => {
  test('the worker reports the HttpUri capability the host forwards HTTP requests to', async () => {
    expect((await workerCapabilities())['HttpUri']).toMatch(/^http:\/\/localhost:\d+\/$/);
  });

  test('an operator-wide CSV export arrives as a chunked stream, every row of it', async () => {
    const answer = await invokeThroughStreamingHost('listOperatorNumbers', 'numbers?format=csv&state=all');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['transfer-encoding']).toBe('chunked');
    expect(answer.headers['content-length']).toBeUndefined();
    expect(answer.body.trim().split('\r\n')).toHaveLength(14);
    expect(answer.body).toContain(t.c);
  });

  test('ordinary JSON answers and problem answers go through the same path', async () => {
    const json = await invokeThroughStreamingHost('listTenants', 'tenants');
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body)).toMatchObject({ count: 3 });
    const problem = await invokeThroughStreamingHost('listOperatorNumbers', 'numbers?state=gone');
    expect(problem.status).toBe(400);
    expect(problem.headers['content-type']).toContain('application/problem+json');
    const health = await invokeThroughStreamingHost('health', 'health');
    expect(health.status).toBe(200);
  });
});
