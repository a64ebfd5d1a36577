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
    expect(message).toEqual({
      runId: body.runId,
      msTenantId: tenant,
      channelId: 12,
      force: true,
      requestedAt: expect.any(String),
      correlationId: 'manual-request-1',
    });
    await deliver(message);

    const done = (await followLocation(location)).json<{
      value: { status: string; totals: { added: number }; tenants: { msTenantId: string; status: string; channelId: number }[] }[];
    }>();
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

  test('refuses a tenant outside a SNAPSHOT_TENANTS list with 403 (the worker would refuse it)', async () => {
    useSettings({ SNAPSHOT_TENANTS: uniqueTenantId() });
    const response = await request(uniqueTenantId());
    expect(response.status).toBe(403);
    expect(response.json()['detail']).toMatch(/is not in SNAPSHOT_TENANTS\.$/);
  });

  test('refuses a tenant outside ALLOWED_TENANTS with 403', async () => {
    useSettings({ ALLOWED_TENANTS: uniqueTenantId() });
    expect((await request(uniqueTenantId())).status).toBe(403);
  });
});

describe('snapshot request rules (docs/deploy.md "Snapshot requests")', () => {
  type Requested = { runId: string; status: string; force: boolean; channelId: number | null };

  test('one pending run per tenant: a request while it is queued answers 202 with that run, and queues nothing', async () => {
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 2 });
    const first = await request(tenant, 'force=true');
    expect(first.status).toBe(202);
    const firstBody = first.json<Requested>();
    expect(firstBody.status).toBe('queued');

    const again = await request(tenant);
    expect(again.status).toBe(202);
    expect(again.json<Requested>()).toMatchObject({ runId: firstBody.runId, status: 'pending', force: true });
    expect(again.headers.get('location')).toBe(first.headers.get('location'));

    // While it runs (outcome `running`) it is still the answer; once it finished, the interval applies.
    const message = await messageOf(firstBody.runId);
    await deliver(message);
    const tooSoon = await request(tenant);
    expect(tooSoon.status).toBe(429);
    const retryAfter = Number(tooSoon.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(290);
    expect(retryAfter).toBeLessThanOrEqual(300);
    expect(tooSoon.json()['detail']).toContain('SNAPSHOT_REQUEST_MIN_SECONDS');
  });

  test('SNAPSHOT_REQUEST_MIN_SECONDS=0: a finished run lets the next request queue a new one at once', async () => {
    useSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000', SNAPSHOT_REQUEST_MIN_SECONDS: '0' });
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 1 });
    const first = (await request(tenant)).json<Requested>();
    await deliver(await messageOf(first.runId));
    const second = await request(tenant);
    expect(second.status).toBe(202);
    expect(second.json<Requested>().status).toBe('queued');
    expect(second.json<Requested>().runId).not.toBe(first.runId);
    await messageOf(second.json<Requested>().runId);
  });

  test('ten requests at once queue one run, and all ten answer with it', async () => {
    const tenant = uniqueTenantId();
    const responses = await Promise.all(Array.from({ length: 10 }, () => request(tenant)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(202));
    const runIds = new Set(responses.map((r) => r.json<Requested>().runId));
    expect(runIds.size).toBe(1);
    expect(responses.filter((r) => r.json<Requested>().status === 'queued')).toHaveLength(1);
    await messageOf([...runIds][0] as string);
  });

  test('the interval is per tenant', async () => {
    const [a, b] = [uniqueTenantId(), uniqueTenantId()];
    const first = await request(a);
    const other = await request(b);
    expect([first.status, other.status]).toEqual([202, 202]);
    expect(other.json<Requested>().status).toBe('queued');
    await Promise.all([messageOf(first.json<Requested>().runId), messageOf(other.json<Requested>().runId)]);
  });
});
