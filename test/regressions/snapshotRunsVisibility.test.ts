import { QueueClient } from '@azure/storage-queue';
import type { SnapshotRequestMessage } from '../../shared/snapshots/snapshotRequestMessage';
import { snapshotQueue } from '../../shared/storage/snapshotQueue';
import { useSettings } from '../support/appState';
import { startAzurite, type AzuriteHandle } from '../support/azurite';
import { invokeHttp } from '../support/invokeHttp';
import { uniqueTenantId } from '../support/sandboxControl';
import { decodeQueueText, deliver, fireScheduler } from '../snapshots/support/queueDelivery';
import { generatedTenant } from '../snapshots/support/sandboxTenants';

/**
 * Finding 6 of the hardening review (issue 15): with ALLOWED_TENANTS set, listSnapshotRuns listed
 * runs of tenants outside it, and a run's status, tenantCount and reportedCount counted them.
 */

interface RunView {
  runId: string;
  status: string;
  tenantCount: number | null;
  reportedCount: number;
  totals: Record<string, number>;
  tenants: { msTenantId: string }[];
}
type RunList = { count: number; value: RunView[] };

// Its own Azurite: the run list is global.
let azurite: AzuriteHandle;
let queue: QueueClient;
let visible = '';
let hidden = '';
let sharedRun = '';
let hiddenRun = '';

const list = (query = '') => invokeHttp('listSnapshotRuns', `snapshot-runs${query ? `?${query}` : ''}`);

async function deliverQueued(): Promise<void> {
  for (;;) {
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
    if (receivedMessageItems.length === 0) return;
    for (const item of receivedMessageItems) {
      await deliver(decodeQueueText(item.messageText) as SnapshotRequestMessage, 1);
      await queue.deleteMessage(item.messageId, item.popReceipt);
    }
  }
}

beforeAll(async () => {
  azurite = await startAzurite();
  queue = new QueueClient(azurite.connectionString, snapshotQueue.name);
  visible = (await generatedTenant('legacy', 4)).msTenantId;
  hidden = uniqueTenantId(); // unknown upstream: its outcome is `failed`
  useSettings({
    SnapshotStorage: azurite.connectionString,
    LIVE_PLATFORM_RATE_LIMIT: '1000',
    LIVE_PLATFORM_RETRIES: '0',
    SNAPSHOT_TENANTS: `${visible},${hidden}`,
  });
  await fireScheduler(new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000));
  await deliverQueued();
  sharedRun = (await list('top=1')).json<RunList>().value[0]?.runId ?? '';
  const requested = await invokeHttp('requestTenantSnapshot', `tenants/${hidden}/snapshots`, { method: 'POST', params: { msTenantId: hidden } });
  hiddenRun = requested.json<{ runId: string }>().runId;
  await deliverQueued();
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
});

describe('listSnapshotRuns under ALLOWED_TENANTS', () => {
  test('without ALLOWED_TENANTS both runs and both tenants show', async () => {
    useSettings({ SnapshotStorage: azurite.connectionString });
    const runs = (await list()).json<RunList>().value;
    expect(runs.map((run) => run.runId)).toEqual([hiddenRun, sharedRun]);
    expect(runs[1]).toMatchObject({ status: 'partial', tenantCount: 2, reportedCount: 2 });
  });

  test('a run with no visible tenant is neither listed nor found', async () => {
    useSettings({ SnapshotStorage: azurite.connectionString, ALLOWED_TENANTS: visible });
    const runs = (await list()).json<RunList>().value;
    expect(runs.map((run) => run.runId)).toEqual([sharedRun]);
    expect((await list(`runId=${hiddenRun}`)).status).toBe(404);
  });

  test('a run shown has its status and counts from the visible outcomes only', async () => {
    useSettings({ SnapshotStorage: azurite.connectionString, ALLOWED_TENANTS: visible });
    for (const run of [(await list()).json<RunList>().value[0], (await list(`runId=${sharedRun}`)).json<RunList>().value[0]]) {
      expect(run).toMatchObject({ runId: sharedRun, status: 'succeeded', tenantCount: 1, reportedCount: 1, totals: { added: 4 } });
      expect(run?.tenants.map((tenant) => tenant.msTenantId)).toEqual([visible]);
    }
  });
});
