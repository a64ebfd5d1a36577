import { manualRunId } from '../../shared/snapshots/runIds';
import { outcomePartition, type OutcomeEntity } from '../../shared/snapshots/runRows';
import { appSnapshotTables } from '../../shared/storage/snapshotTables';
import { useSettings } from '../support/appState';
import { clearFault, getStats, setFault, uniqueTenantId } from '../support/sandboxControl';
import { deliver } from '../snapshots/support/queueDelivery';
import { generatedTenant } from '../snapshots/support/sandboxTenants';
import { changeRows, numberRows } from '../snapshots/support/snapshotHarness';

const tables = () => appSnapshotTables();
const message = (runId: string, msTenantId: string) => ({ runId, msTenantId, channelId: null, requestedAt: new Date().toISOString() });
const outcome = (runId: string, msTenantId: string) => tables().runs.getEntity<OutcomeEntity>(outcomePartition(runId), msTenantId);

beforeEach(() => useSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000', LIVE_PLATFORM_RETRIES: '0' }));

describe('snapshotTenant (queue trigger)', () => {
  test('snapshots the tenant a message names and records its outcome in the run', async () => {
    const { msTenantId } = await generatedTenant('modern', 7);
    const runId = manualRunId(Date.now());
    const { logs } = await deliver(message(runId, msTenantId.toUpperCase()));

    expect(await outcome(runId, msTenantId)).toMatchObject({ status: 'succeeded', added: 7, changed: 0, released: 0, unchanged: 0, attempts: 1, msTenantId });
    expect((await numberRows(tables(), msTenantId)).size).toBe(7);
    // Every log line carries the run as its correlation id.
    expect(logs.filter((line) => line.includes(msTenantId)).every((line) => line.includes(`[correlationId=${runId}]`))).toBe(true);
  });

  test('a message the host delivers again after success is answered from the outcome, without another upstream call', async () => {
    const { msTenantId } = await generatedTenant('legacy', 3);
    const runId = manualRunId(Date.now());
    await deliver(message(runId, msTenantId));
    const calls = (await getStats(msTenantId)).calls;
    await deliver(message(runId, msTenantId), 2);
    expect((await getStats(msTenantId)).calls).toBe(calls);
    expect(await outcome(runId, msTenantId)).toMatchObject({ status: 'succeeded', added: 3, attempts: 1 });
  });

  test('a failing tenant is retried by the host, leaves its rows untouched, and is recorded as failed on the last delivery', async () => {
    const healthy = await generatedTenant('legacy', 4);
    const failing = await generatedTenant('legacy', 5);
    const earlier = manualRunId(Date.now());
    await deliver(message(earlier, failing.msTenantId));
    const rowsBefore = await numberRows(tables(), failing.msTenantId);
    const changesBefore = await changeRows(tables(), failing.msTenantId);

    await setFault(failing.msTenantId, { fault: '500' });
    try {
      const runId = manualRunId(Date.now());
      await expect(deliver(message(runId, failing.msTenantId), 1)).rejects.toMatchObject({ code: 'upstream-unavailable', permanent: false });
      expect(await outcome(runId, failing.msTenantId)).toMatchObject({
        status: 'running',
        attempts: 1,
        error: 'Live Platform unavailable: The Live Platform did not answer successfully.',
      });

      // The other tenant of the same run is not held up.
      await deliver(message(runId, healthy.msTenantId));
      expect(await outcome(runId, healthy.msTenantId)).toMatchObject({ status: 'succeeded', added: 4 });

      // The host's 5th delivery is its last: recorded, not thrown (so it does not go to the poison queue).
      await deliver(message(runId, failing.msTenantId), 5);
      const failed = await outcome(runId, failing.msTenantId);
      expect(failed).toMatchObject({ status: 'failed', attempts: 5, added: 0, changed: 0, released: 0 });
      expect(failed.error).toMatch(/^Live Platform unavailable/);
      expect(failed.error).not.toMatch(/Bearer|eyJ|upstream answered/);

      expect(await numberRows(tables(), failing.msTenantId)).toEqual(rowsBefore);
      expect(await changeRows(tables(), failing.msTenantId)).toEqual(changesBefore);
    } finally {
      await clearFault(failing.msTenantId);
    }
  });

  test('a tenant the Live Platform does not know is recorded as failed at once: retrying cannot help', async () => {
    const runId = manualRunId(Date.now());
    const msTenantId = uniqueTenantId();
    await deliver(message(runId, msTenantId), 1);
    expect(await outcome(runId, msTenantId)).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringMatching(/^Tenant not found/) });
  });

  test('a message this app did not write is refused without touching storage', async () => {
    await expect(deliver('not json')).rejects.toThrow(/Unreadable snapshot request message/);
    await expect(deliver({ runId: "x' or '1' eq '1", msTenantId: 'a', channelId: null, requestedAt: 'now' })).rejects.toThrow(/Unreadable/);
  });
});

describe('snapshotTenant re-checks the tenant lists on every message', () => {
  test.each([
    ['SNAPSHOT_TENANTS', (other: string) => ({ SNAPSHOT_TENANTS: `${other}:3` })],
    ['ALLOWED_TENANTS', (other: string) => ({ ALLOWED_TENANTS: other })],
  ])('a tenant outside %s: logged, recorded failed, nothing written, no upstream call', async (setting, overrides) => {
    const { msTenantId } = await generatedTenant('modern', 3);
    useSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000', ...overrides(uniqueTenantId()) });
    const runId = manualRunId(Date.now());
    const { logs } = await deliver(message(runId, msTenantId));
    expect(await outcome(runId, msTenantId)).toMatchObject({ status: 'failed', error: `Refused: Tenant ${msTenantId} is not in ${setting}.`, added: 0 });
    expect(logs.some((line) => line.startsWith('warning:') && line.includes(`refused: Tenant ${msTenantId} is not in ${setting}`))).toBe(true);
    expect((await getStats(msTenantId)).calls).toBe(0);
    expect((await numberRows(tables(), msTenantId)).size).toBe(0);
    expect((await changeRows(tables(), msTenantId)).length).toBe(0);
  });

  test('a tenant in the SNAPSHOT_TENANTS list (any channel) and ALLOWED_TENANTS is snapshotted', async () => {
    const { msTenantId } = await generatedTenant('modern', 2);
    useSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000', SNAPSHOT_TENANTS: `${uniqueTenantId()},${msTenantId.toUpperCase()}:7`, ALLOWED_TENANTS: msTenantId });
    const runId = manualRunId(Date.now());
    await deliver(message(runId, msTenantId));
    expect(await outcome(runId, msTenantId)).toMatchObject({ status: 'succeeded', added: 2 });
  });
});
