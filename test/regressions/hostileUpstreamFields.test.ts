import { manualRunId } from '../../shared/snapshots/runIds';
import { outcomePartition, type OutcomeEntity } from '../../shared/snapshots/runRows';
import { appSnapshotTables } from '../../shared/storage/snapshotTables';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { getStats, registerTenant, uniqueTenantId } from '../support/sandboxControl';
import { deliver } from '../snapshots/support/queueDelivery';
import { numberRows } from '../snapshots/support/snapshotHarness';

/**
 * Findings 1 and 2 of the hardening review (issue 15):
 * - one unknown upstream field nested 100,000 arrays deep made the whole tenant answer 500 on
 *   getTenantNumbers (JSON and CSV) and getOcNumbers, the failure served again from the cache,
 *   and the snapshot threw on every delivery;
 * - a `__proto__` key replaced the prototype of `extra`, so the field vanished from JSON and CSV
 *   while the warning said it was kept.
 */

const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const record = (tenant: string, number: string, more = '') => `{"telephoneNumber":"${number}","tenantId":"${tenant}","assignmentStatus":"Unassigned"${more}}`;

const list = (tenant: string, query = '') => invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers${query}`, { params: { msTenantId: tenant } });

type Listing = { value: Record<string, unknown>[]; warnings: { code: string; field?: string; detail: string }[] };

beforeEach(() => useSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000', LIVE_PLATFORM_RETRIES: '0', LIVE_PLATFORM_CACHE_SECONDS: '60' }));

describe('hostile upstream fields', () => {
  test('a field nested 100,000 arrays deep is dropped with a warning naming it; the records are served and nothing fails', async () => {
    const tenant = uniqueTenantId();
    await registerTenant(tenant, {
      recordsJson: [record(tenant, '+14255550100', `,"abyss":${deep(100_000)}`), record(tenant, '+14255550101', ',"note":"kept"')],
    });

    for (let request = 0; request < 3; request++) {
      const response = await list(tenant);
      expect(response.status).toBe(200);
      const body = response.json<Listing>();
      expect(body.value.map((r) => r['telephoneNumber'])).toEqual(['+14255550100', '+14255550101']);
      expect(body.value[0]?.['extra']).toBeUndefined();
      expect(body.value[1]?.['extra']).toEqual({ note: 'kept' });
      const dropped = body.warnings.find((w) => w.code === 'fieldDropped');
      expect(dropped).toMatchObject({ field: 'abyss' });
      expect(dropped?.detail).toMatch(/abyss/);
    }
    const csv = await list(tenant, '?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(3);

    const mirror = await invokeHttp('getOcNumbers', `v2/oc/numbers?msTenantId=${tenant}`);
    expect(mirror.status).toBe(200);
    const mirrored = mirror.json<Record<string, unknown>[]>();
    expect(mirrored).toHaveLength(2);
    expect(mirrored[0]).not.toHaveProperty('abyss');
    // One upstream call for all of it: the good answer is what the cache kept.
    expect((await getStats(tenant)).calls).toBe(1);
  });

  test('a long field name in a warning is cut short, and a huge field is dropped too', async () => {
    const tenant = uniqueTenantId();
    const longName = 'x'.repeat(20_000);
    await registerTenant(tenant, {
      recordsJson: [record(tenant, '+14255550102', `,"${longName}":1,"blob":"${'y'.repeat(2_000_000)}"`)],
    });
    const response = await list(tenant);
    expect(response.status).toBe(200);
    const body = response.json<Listing>();
    expect(body.value).toHaveLength(1);
    expect(body.value[0]?.['extra']).toEqual({ [longName]: 1 });
    expect(body.warnings.find((w) => w.code === 'fieldDropped')).toMatchObject({ field: 'blob' });
    for (const warning of body.warnings) expect(warning.detail.length).toBeLessThan(400);
    for (const line of response.logs) expect(line.length).toBeLessThan(20_000);
  });

  test('the snapshot of a tenant with such fields succeeds and keeps its numbers', async () => {
    const tenant = uniqueTenantId();
    // Each would break a Table Storage limit (a property of at most 32 K characters) if it were kept.
    const wide = `[${Array.from({ length: 20_000 }, () => '0').join(',')}]`;
    const many = Array.from({ length: 5 }, (_, index) => `,"part${index}":"${'p'.repeat(7_000)}"`).join('');
    await registerTenant(tenant, {
      recordsJson: [record(tenant, '+14255550103', `,"abyss":${deep(100_000)},"wide":${wide}`), record(tenant, '+14255550104', many)],
    });
    const runId = manualRunId(Date.now());
    await deliver({ runId, msTenantId: tenant, channelId: null, requestedAt: new Date().toISOString() });
    const outcome = await appSnapshotTables().runs.getEntity<OutcomeEntity>(outcomePartition(runId), tenant);
    expect(outcome).toMatchObject({ status: 'succeeded', added: 2 });
    expect([...(await numberRows(appSnapshotTables(), tenant)).keys()].sort()).toEqual(['+14255550103', '+14255550104']);
  });

  test('a __proto__ field is kept under extra as data, in JSON and in CSV', async () => {
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { recordsJson: [record(tenant, '+14255550105', ',"__proto__":{"polluted":"yes"},"constructor":"c"')] });
    const body = (await list(tenant)).json<Listing>();
    const extra = body.value[0]?.['extra'] as Record<string, unknown>;
    expect(Object.keys(extra).sort()).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(extra)).toContain('"__proto__":{"polluted":"yes"}');
    expect(body.warnings.find((w) => w.field === '__proto__')?.detail).toMatch(/kept under extra/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();

    const csv = (await list(tenant, '?format=csv')).body;
    expect(csv).toContain('__proto__');
    expect(csv).toContain('polluted');
  });
});
