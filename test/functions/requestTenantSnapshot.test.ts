import { QueueClient } from '@azure/storage-queue';
import type { SnapshotRequestMessage } from '../../shared/snapshots/snapshotRequestMessage';
import { snapshotQueue } from '../../shared/storage/snapshotQueue';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { registerTenant, uniqueTenantId } from '../support/sandboxControl';
import { decodeQueueText, deliver } from '../snapshots/support/queueDelivery';
import { suiteConnectionString } from '../snapshots/support/snapshotHarness';

const queue = new QueueClient(suiteConnectionString(), snapshotQueue.name);

const request = (tenant: string, query = '', headers: Record<string, string> = {}) =>
  invokeHttp('requestTenantSnapshot', `tenants/${tenant}/snapshots${query ? `?${query}` : ''}`, { method: 'POST', params: { msTenantId: tenant }, headers });

/** Our run's message from the suite's queue (only this file enqueues there), as the host would decode it. */
async function messageOf(runId: string): Promise<SnapshotRequestMessage> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 1 });
    for (const item of receivedMessageItems) {
      const message = decodeQueueText(item.messageText) as SnapshotRequestMessage;
      if (message.runId === runId) {
        await queue.deleteMessage(item.messageId, item.popReceipt);
        return message;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no message for run ${runId}`);
}

const followLocation = (location: string) => invokeHttp('listSnapshotRuns', new URL(location).pathname.replace(/^\/api\//, '') + new URL(location).search);

beforeEach(() => useSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000', SNAPSHOT_FORCE_WITH_KEY: 'true' }));

describe('requestTenantSnapshot', () => {
  test('answers 202 with the run id and a Location that reports the run until it succeeds', async () => {
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { shape: 'modern', count: 4, channelId: 12 });
    const response = await request(tenant.toUpperCase(), 'force=true', { 'X-Ovoc-Channel-Id': '12', 'X-Correlation-Id': 'manual-request-1' });
    expect(response.status).toBe(202);
    const body = response.json<{ runId: string; msTenantId: string; status: string }>();
    expect(body).toMatchObject({ msTenantId: tenant, status: 'queued', channelId: 12, force: true });
    const location = response.headers.get('location') ?? '';
    expect(location).toBe(`http://localhost:7071/api/snapshot-runs?runId=${body.runId}`);

    const queued = (await followLocation(location)).json<{ value: { runId: string; status: string; trigger: string; tenantCount: number }[] }>();
    expect(queued.value).toEqual([expect.objectContaining({ runId: body.runId, status: 'running', trigger: 'manual', tenantCount: 1, force: true })]);

    const message = await messageOf(body.runId);
    expect(message).toEqual({ runId: body.runId, msTenantId: tenant, channelId: 12, force: true, requestedAt: expect.any(String), correlationId: 'manual-request-1' });
    await deliver(message);

    const done = (await followLocation(location)).json<{ value: { status: string; totals: { added: number }; tenants: { msTenantId: string; status: string; channelId: number }[] }[] }>();
    expect(done.value[0]).toMatchObject({ status: 'succeeded', totals: { added: 4 }, tenants: [{ msTenantId: tenant, status: 'succeeded', channelId: 12 }] });
  });

  test.each([
    ['a tenant id that is not a GUID', "x' or '1' eq '1", ''],
    ['a force that is not true or false', uniqueTenantId(), 'force=yes'],
    ['an unknown parameter', uniqueTenantId(), 'tenant=all'],
  ])('refuses %s with 400 and no run', async (_label, tenant, query) => {
    const response = await request(tenant, query);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  test('refuses a bad X-Ovoc-Channel-Id header', async () => {
    expect((await request(uniqueTenantId(), '', { 'X-Ovoc-Channel-Id': '-1' })).status).toBe(400);
  });

  test('refuses a tenant outside ALLOWED_TENANTS with 403', async () => {
    useSettings({ ALLOWED_TENANTS: uniqueTenantId() });
    expect((await request(uniqueTenantId())).status).toBe(403);
  });
});
