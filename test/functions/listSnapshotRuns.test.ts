import { QueueClient } from '@azure/storage-queue';
import type { SnapshotRequestMessage } from '../../shared/snapshots/snapshotRequestMessage';
import { snapshotQueue } from '../../shared/storage/snapshotQueue';
import { useSettings } from '../support/appState';
import { startAzurite, type AzuriteHandle } from '../support/azurite';
import { invokeHttp } from '../support/invokeHttp';
import { walkNextLinks } from '../support/walkNextLinks';
import { uniqueTenantId } from '../support/sandboxControl';
import { decodeQueueText, deliver, fireScheduler } from '../snapshots/support/queueDelivery';
import { generatedTenant, setRecords } from '../snapshots/support/sandboxTenants';

interface RunView {
  runId: string;
  trigger: string;
  status: string;
  tenantCount: number | null;
  reportedCount: number;
  totals: Record<string, number>;
  tenants: { msTenantId: string; status: string; error: string | null; withheldReleases: number }[];
}
interface RunList {
  count: number;
  value: RunView[];
  nextLink?: string;
}

// Its own Azurite: the run list is global, so no other suite may add runs while these walk it.
let azurite: AzuriteHandle;
let queue: QueueClient;
const expected = new Map<string, string>();
let scheduledRun = '';
let healthyTenant = '';
let unknownTenant = '';

const list = (query = '') => invokeHttp('listSnapshotRuns', `snapshot-runs${query ? `?${query}` : ''}`);

async function requestRun(tenant: string): Promise<string> {
  const response = await invokeHttp('requestTenantSnapshot', `tenants/${tenant}/snapshots`, { method: 'POST', params: { msTenantId: tenant } });
  return response.json<{ runId: string }>().runId;
}

async function deliverQueued(): Promise<void> {
  for (;;) {
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
    if (receivedMessageItems.length === 0) return;
    for (const item of receivedMessageItems) {
      const message = decodeQueueText(item.messageText) as SnapshotRequestMessage;
      // A first delivery each: the tenant the Live Platform does not know is recorded as failed at once.
      await deliver(message, 1);
      await queue.deleteMessage(item.messageId, item.popReceipt);
    }
  }
}

beforeAll(async () => {
  azurite = await startAzurite();
  queue = new QueueClient(azurite.connectionString, snapshotQueue.name);
  const healthy = await generatedTenant('legacy', 6);
  healthyTenant = healthy.msTenantId;
  unknownTenant = uniqueTenantId();
  useSettings({
    SnapshotStorage: azurite.connectionString,
    LIVE_PLATFORM_RATE_LIMIT: '1000',
    LIVE_PLATFORM_RETRIES: '0',
    SNAPSHOT_TENANTS: `${healthyTenant},${unknownTenant}`,
    SNAPSHOT_REQUEST_MIN_SECONDS: '0',
  });

  // A scheduled run over both tenants: one succeeds, one fails → partial.
  await fireScheduler(new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000));
  await deliverQueued();
  scheduledRun = (await list('top=1')).json<RunList>().value[0]?.runId ?? '';
  expected.set(scheduledRun, 'partial');

  // Manual runs: one that succeeds, one suspect (most numbers gone), one that fails, one still queued.
  const succeeded = await requestRun(healthyTenant);
  await deliverQueued();
  expected.set(succeeded, 'succeeded');
  await setRecords(healthyTenant, healthy.records.slice(0, 1));
  const suspect = await requestRun(healthyTenant);
  await deliverQueued();
  expected.set(suspect, 'suspect');
  const failed = await requestRun(unknownTenant);
  await deliverQueued();
  expected.set(failed, 'failed');
  expected.set(await requestRun(healthyTenant), 'running');
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
});

beforeEach(() => useSettings({ SnapshotStorage: azurite.connectionString }));

describe('listSnapshotRuns', () => {
  test('walking nextLink yields every run exactly once, newest first, each with its derived status', async () => {
    const pages = await walkNextLinks<RunList>('listSnapshotRuns', 'snapshot-runs?top=2&code=secret-key');
    const runs: RunView[] = pages.flatMap((page) => page.value);
    expect(pages).toHaveLength(3);
    expect(runs.map((run) => run.runId)).toEqual([...expected.keys()].reverse());
    expect(Object.fromEntries(runs.map((run) => [run.runId, run.status]))).toEqual(Object.fromEntries(expected));
  });

  test('each run carries its tenants’ outcomes and counts', async () => {
    const run = (await list(`runId=${scheduledRun}`)).json<RunList>().value[0];
    expect(run).toMatchObject({ trigger: 'schedule', tenantCount: 2, reportedCount: 2, totals: { added: 6 } });
    const byTenant = new Map(run?.tenants.map((tenant) => [tenant.msTenantId, tenant]));
    expect(byTenant.get(healthyTenant)).toMatchObject({ status: 'succeeded', error: null });
    expect(byTenant.get(unknownTenant)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Tenant not found/) });

    const suspect = [...expected].find(([, status]) => status === 'suspect')?.[0] ?? '';
    expect((await list(`runId=${suspect}`)).json<RunList>().value[0]?.tenants[0]).toMatchObject({ status: 'suspect', withheldReleases: 5 });
  });

  test('ALLOWED_TENANTS hides the outcomes of other tenants', async () => {
    useSettings({ SnapshotStorage: azurite.connectionString, ALLOWED_TENANTS: healthyTenant });
    const run = (await list(`runId=${scheduledRun}`)).json<RunList>().value[0];
    expect(run?.tenants.map((tenant) => tenant.msTenantId)).toEqual([healthyTenant]);
  });

  test('an unknown run is 404; a malformed runId, top or continuation is 400', async () => {
    expect((await list('runId=0000000000000000-manual-abcdef')).status).toBe(404);
    for (const query of [
      "runId=x' or PartitionKey ne 'x",
      'top=0',
      'top=101',
      'continuation=%27',
      `continuation=${Buffer.from('{"scope":"changes:x","nextPartitionKey":"run"}').toString('base64url')}`,
    ]) {
      expect({ query, status: (await list(query)).status }).toEqual({ query, status: 400 });
    }
  });
});
