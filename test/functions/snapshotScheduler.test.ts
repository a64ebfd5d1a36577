import { odata } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { runPartition, type RunEntity } from '../../shared/snapshots/runRows';
import { scheduledRunId } from '../../shared/snapshots/runIds';
import type { SnapshotRequestMessage } from '../../shared/snapshots/snapshotRequestMessage';
import { staggerDelaySeconds } from '../../shared/snapshots/staggerDelays';
import { listAllEntities } from '../../shared/storage/listAllEntities';
import { snapshotQueue } from '../../shared/storage/snapshotQueue';
import { appSnapshotTables } from '../../shared/storage/snapshotTables';
import { useSettings } from '../support/appState';
import { startAzurite, type AzuriteHandle } from '../support/azurite';
import { invokeHttp } from '../support/invokeHttp';
import { LEGACY_TENANT_CHANNEL_ID, LEGACY_TENANT_ID, MODERN_TENANT_ID, registerTenant, uniqueTenantId } from '../support/sandboxControl';
import { decodeQueueText, deliver, fireScheduler } from '../snapshots/support/queueDelivery';
import { generatedTenant } from '../snapshots/support/sandboxTenants';

// Its own Azurite: these tests read the whole queue and the run list.
let azurite: AzuriteHandle;
let queue: QueueClient;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  azurite = await startAzurite();
  queue = new QueueClient(azurite.connectionString, snapshotQueue.name);
}, 60_000);
afterAll(async () => {
  await azurite?.stop();
});

async function drain(): Promise<SnapshotRequestMessage[]> {
  const messages: SnapshotRequestMessage[] = [];
  for (;;) {
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
    if (receivedMessageItems.length === 0) return messages;
    for (const item of receivedMessageItems) {
      messages.push(decodeQueueText(item.messageText) as SnapshotRequestMessage);
      await queue.deleteMessage(item.messageId, item.popReceipt);
    }
  }
}

const scheduledRuns = () => listAllEntities<RunEntity>(appSnapshotTables().runs, { filter: odata`PartitionKey eq ${runPartition}` });

describe('snapshotScheduler (timer trigger)', () => {
  test('enqueues one base64 message per SNAPSHOT_TENANTS tenant, staggered to the rate limit, and the run completes', async () => {
    const onChannel = uniqueTenantId();
    await registerTenant(onChannel, { shape: 'legacy', count: 3, channelId: 7 });
    const tenants = [{ msTenantId: onChannel }, await generatedTenant('modern', 2), await generatedTenant('legacy', 1)];
    useSettings({
      SnapshotStorage: azurite.connectionString,
      SNAPSHOT_TENANTS: `${tenants[0]?.msTenantId}:7,${tenants[1]?.msTenantId},${tenants[2]?.msTenantId}`,
      // 5 per 10 s less the 1 kept for lookups: snapshots get 4, one message every 2.5 s.
      LIVE_PLATFORM_RATE_LIMIT: '5',
      LIVE_PLATFORM_INTERACTIVE_RESERVE: '1',
    });
    const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3 * 60_000);
    const sent = jest.spyOn(QueueClient.prototype, 'sendMessage');
    try {
      await fireScheduler(slot);
      const calls = sent.mock.calls.map(([text, options]) => ({ message: decodeQueueText(text) as SnapshotRequestMessage, delay: options?.visibilityTimeout }));
      expect(calls.map((call) => call.delay).sort((a, b) => Number(a) - Number(b))).toEqual([0, 2, 5]);
      expect([0, 1, 2].map((i) => staggerDelaySeconds(i, 5, 1))).toEqual([0, 2, 5]);
      expect([0, 1, 2].map((i) => staggerDelaySeconds(i, 5, 3))).toEqual([0, 5, 10]);
      const runId = scheduledRunId(slot.getTime());
      expect(calls.map((call) => call.message).sort((a, b) => a.msTenantId.localeCompare(b.msTenantId))).toEqual(
        [
          { runId, msTenantId: tenants[0]?.msTenantId, channelId: 7, requestedAt: expect.any(String) },
          { runId, msTenantId: tenants[1]?.msTenantId, channelId: null, requestedAt: expect.any(String) },
          { runId, msTenantId: tenants[2]?.msTenantId, channelId: null, requestedAt: expect.any(String) },
        ].sort((a, b) => String(a.msTenantId).localeCompare(String(b.msTenantId))),
      );
    } finally {
      sent.mockRestore();
    }

    // Only the first is visible at once; the queue holds the rest back.
    expect((await queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems).toHaveLength(1);
    await sleep(5_300);
    const messages = await drain();
    expect(messages).toHaveLength(3);

    useSettings({ SnapshotStorage: azurite.connectionString, LIVE_PLATFORM_RATE_LIMIT: '1000' });
    for (const message of messages) await deliver(message);
    const runs = (await invokeHttp('listSnapshotRuns', 'snapshot-runs')).json<{
      value: { runId: string; status: string; trigger: string; tenantCount: number; totals: { added: number } }[];
    }>();
    expect(runs.value[0]).toMatchObject({
      runId: scheduledRunId(slot.getTime()),
      trigger: 'schedule',
      status: 'succeeded',
      tenantCount: 3,
      totals: { added: 6 },
    });
  }, 30_000);

  test('a doubled or past-due firing of the same schedule slot does no work twice', async () => {
    const tenant = await generatedTenant('legacy', 2);
    useSettings({ SnapshotStorage: azurite.connectionString, SNAPSHOT_TENANTS: tenant.msTenantId, LIVE_PLATFORM_RATE_LIMIT: '1000' });
    const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000);
    const sent = jest.spyOn(QueueClient.prototype, 'sendMessage');
    try {
      await Promise.all([fireScheduler(slot), fireScheduler(slot)]);
      const late = await fireScheduler(slot, true);
      expect(sent).toHaveBeenCalledTimes(1);
      expect(late.logs.join('\n')).toMatch(/already dispatched/);
    } finally {
      sent.mockRestore();
    }
    expect((await scheduledRuns()).filter((run) => run.runId === scheduledRunId(slot.getTime()))).toHaveLength(1);
    await drain();
  });

  test("SNAPSHOT_TENANTS=* snapshots every customer the Live Platform lists, on the customer's channel", async () => {
    useSettings({ SnapshotStorage: azurite.connectionString, SNAPSHOT_TENANTS: '*', LIVE_PLATFORM_RATE_LIMIT: '1000' });
    await fireScheduler(new Date(Math.floor(Date.now() / 60_000) * 60_000 - 120 * 60_000));
    await sleep(1_000);
    const messages = await drain();
    const byTenant = new Map(messages.map((message) => [message.msTenantId, message]));
    expect(byTenant.get(LEGACY_TENANT_ID)?.channelId).toBe(LEGACY_TENANT_CHANNEL_ID);
    expect(byTenant.get(MODERN_TENANT_ID)?.channelId).toBeNull();
    expect(messages).toHaveLength(byTenant.size);
  });

  test('does nothing when SNAPSHOT_TENANTS is not set', async () => {
    useSettings({ SnapshotStorage: azurite.connectionString, SNAPSHOT_TENANTS: undefined });
    const before = (await scheduledRuns()).length;
    const { logs } = await fireScheduler(new Date(Math.floor(Date.now() / 60_000) * 60_000 - 240 * 60_000));
    expect(logs.join('\n')).toMatch(/SNAPSHOT_TENANTS is not set/);
    expect(await scheduledRuns()).toHaveLength(before);
  });
});
