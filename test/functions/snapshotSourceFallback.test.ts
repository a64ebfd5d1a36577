import { normaliseRecords } from '../../shared/numbers/normaliseRecords';
import { manualRunId } from '../../shared/snapshots/runIds';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { clearFault, getStats, setFault, uniqueTenantId } from '../support/sandboxControl';
import { deliver } from '../snapshots/support/queueDelivery';
import { generatedTenant, setRecords } from '../snapshots/support/sandboxTenants';

interface NumberList {
  source: string;
  retrievedAt: string;
  total: number;
  value: { telephoneNumber: string; locationId: string | null }[];
  warnings: { code: string }[];
}

const numbers = (tenant: string, query: string) => invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers?${query}`, { params: { msTenantId: tenant } });

async function snapshotOf(msTenantId: string): Promise<string> {
  const runId = manualRunId(Date.now());
  await deliver({ runId, msTenantId, channelId: null, requestedAt: new Date().toISOString() });
  return runId;
}

beforeEach(() => useSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000', LIVE_PLATFORM_RETRIES: '0', LIVE_PLATFORM_CACHE_SECONDS: '0' }));

describe('source=snapshot and source=auto on the number routes', () => {
  test('auto answers live while the Live Platform works, and from the last snapshot (with its age) when it fails', async () => {
    const { msTenantId, records } = await generatedTenant('legacy', 9);
    await snapshotOf(msTenantId);
    // Upstream moves on after the snapshot: live and snapshot answers now differ.
    await setRecords(msTenantId, records.slice(0, 8));

    const live = await numbers(msTenantId, 'source=auto');
    expect(live.status).toBe(200);
    expect(live.headers.get('x-data-source')).toBe('live');
    expect(live.headers.get('x-snapshot-age')).toBeNull();
    expect(live.json<NumberList>()).toMatchObject({ source: 'live', total: 8 });

    await setFault(msTenantId, { fault: '503' });
    try {
      const fallback = await numbers(msTenantId, 'source=auto');
      expect(fallback.status).toBe(200);
      expect(fallback.headers.get('x-data-source')).toBe('snapshot');
      expect(Number(fallback.headers.get('x-snapshot-age'))).toBeGreaterThanOrEqual(0);
      expect(Number(fallback.headers.get('x-snapshot-age'))).toBeLessThan(120);
      const body = fallback.json<NumberList>();
      expect(body).toMatchObject({ source: 'snapshot', total: 9 });
      expect(body.warnings.map((warning) => warning.code)).toContain('servedFromSnapshot');
      expect(body.value.map((record) => record.telephoneNumber).sort()).toEqual(
        normaliseRecords(records, 'report')
          .records.map((r) => r.telephoneNumber)
          .sort(),
      );
    } finally {
      await clearFault(msTenantId);
    }
  });

  test('source=snapshot answers from Table Storage without calling the Live Platform, and single numbers too', async () => {
    const { msTenantId, records } = await generatedTenant('modern', 5);
    await snapshotOf(msTenantId);
    const calls = (await getStats(msTenantId)).calls;

    const response = await numbers(msTenantId, 'source=snapshot&top=2');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-data-source')).toBe('snapshot');
    expect(response.json<NumberList>()).toMatchObject({ source: 'snapshot', total: 5 });
    const one = String(records[0]?.['telephoneNumber']);
    const single = await invokeHttp('getTenantNumber', `tenants/${msTenantId}/numbers/${encodeURIComponent(one)}?source=snapshot`, {
      params: { msTenantId, telephoneNumber: one },
    });
    expect(single.status).toBe(200);
    expect(single.json<{ telephoneNumber: string }>().telephoneNumber).toBe(one);
    expect((await getStats(msTenantId)).calls).toBe(calls);
  });

  test('released numbers are not part of the snapshot answer', async () => {
    const { msTenantId, records } = await generatedTenant('legacy', 6);
    await snapshotOf(msTenantId);
    await setRecords(msTenantId, records.slice(0, 5));
    await snapshotOf(msTenantId);
    expect((await numbers(msTenantId, 'source=snapshot')).json<NumberList>().total).toBe(5);
  });

  test('with no snapshot yet, auto passes the upstream failure on and snapshot is 404', async () => {
    const msTenantId = uniqueTenantId();
    await setFault(msTenantId, { fault: '503' });
    try {
      expect((await numbers(msTenantId, 'source=auto')).status).toBe(502);
      expect((await numbers(msTenantId, 'source=snapshot')).status).toBe(404);
    } finally {
      await clearFault(msTenantId);
    }
  });
});
