import { withholdReleases } from '../../shared/snapshots/massRemovalGuard';
import { parseSnapshotMessage } from '../../shared/snapshots/snapshotRequestMessage';
import { runStatus } from '../../shared/snapshots/runStatus';
import { scheduleSlotMs } from '../../shared/snapshots/scheduleSlot';
import { staggerDelaySeconds } from '../../shared/snapshots/staggerDelays';
import { decodeContinuation, encodeContinuation, InvalidContinuationError } from '../../shared/storage/continuationToken';
import { storedProperties } from '../../shared/storage/storedEntity';

describe('run bookkeeping', () => {
  test.each([
    [1, 0],
    [3, 1],
    [10, 3],
    [25, 3],
    [100, 3],
    [1000, 10],
  ])('staggered messages give snapshot work the share the budget leaves it (limit %i, reserve %i), no more and no less', (rateLimit, reserve) => {
    const share = rateLimit - reserve;
    const delays = Array.from({ length: 3000 }, (_, i) => staggerDelaySeconds(i, rateLimit, reserve));
    const last = delays[delays.length - 1] ?? 0;
    let worst = 0;
    let fewest = Number.POSITIVE_INFINITY;
    for (let start = 0; start <= last; start++) {
      const inWindow = delays.filter((d) => d >= start && d < start + 10).length;
      worst = Math.max(worst, inWindow);
      if (start + 10 <= last) fewest = Math.min(fewest, inWindow);
    }
    expect(worst).toBeLessThanOrEqual(share);
    // Every full window is used to within one message: the run takes about N ÷ share windows.
    if (Number.isFinite(fewest)) expect(fewest).toBeGreaterThanOrEqual(share - 1);
    expect(last).toBeLessThanOrEqual(Math.ceil((3000 * 10) / share));
    expect([...delays].sort((a, b) => a - b)).toEqual(delays);
  });

  test('a firing stands for the occurrence the host says it fires, to the minute, also when past due', () => {
    const now = Date.parse('2026-03-01T06:07:30Z');
    const status = (next: string) => ({ scheduleStatus: { last: '', next, lastUpdated: '' } });
    expect(scheduleSlotMs(status('2026-03-01T06:00:00Z'), now)).toBe(Date.parse('2026-03-01T06:00:00Z'));
    expect(scheduleSlotMs(status('2026-03-01T06:07:30.200Z'), now)).toBe(Date.parse('2026-03-01T06:07:00Z'));
    // No monitor, or a `next` that cannot be this firing: the clock.
    expect(scheduleSlotMs(undefined, now)).toBe(Date.parse('2026-03-01T06:07:00Z'));
    expect(scheduleSlotMs(status('2026-03-02T00:00:00Z'), now)).toBe(Date.parse('2026-03-01T06:07:00Z'));
  });

  test.each([
    [{ tenantCount: undefined }, [], 'running'],
    [{ tenantCount: 2 }, ['succeeded'], 'running'],
    [{ tenantCount: 2 }, ['succeeded', 'running'], 'running'],
    [{ tenantCount: 2 }, ['succeeded', 'succeeded'], 'succeeded'],
    [{ tenantCount: 2 }, ['succeeded', 'suspect'], 'suspect'],
    [{ tenantCount: 2 }, ['suspect', 'failed'], 'partial'],
    [{ tenantCount: 2 }, ['failed', 'failed'], 'failed'],
    [{ tenantCount: 0 }, [], 'succeeded'],
    [{ tenantCount: 0, error: 'Tenant discovery failed' }, [], 'failed'],
  ] as const)('a run %j whose tenants are %j is %s', (run, statuses, expected) => {
    expect(runStatus(run, statuses)).toBe(expected);
  });

  test.each([
    [{ releases: 6, previouslyActive: 10, upstreamCount: 5, force: false }, true],
    [{ releases: 5, previouslyActive: 10, upstreamCount: 5, force: false }, false],
    [{ releases: 6, previouslyActive: 10, upstreamCount: 5, force: true }, false],
    [{ releases: 1, previouslyActive: 1, upstreamCount: 0, force: false }, true],
    [{ releases: 0, previouslyActive: 0, upstreamCount: 0, force: false }, false],
  ])('the mass-removal guard for %j at ratio 0.5 withholds: %s', (input, expected) => {
    expect(withholdReleases({ ...input, maxRemovalRatio: 0.5 })).toBe(expected);
  });

  test('a continuation only works for the listing it was issued for', () => {
    const sdkToken = Buffer.from(JSON.stringify({ nextPartitionKey: '1!8!cnVu', nextRowKey: '1!20!MDAw' })).toString('base64');
    const token = encodeContinuation(sdkToken, 'snapshot-runs');
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(decodeContinuation(token, 'snapshot-runs'), 'base64').toString())).toEqual({ nextPartitionKey: '1!8!cnVu', nextRowKey: '1!20!MDAw' });
    expect(() => decodeContinuation(token, 'changes:someone')).toThrow(InvalidContinuationError);
    expect(() => decodeContinuation('e30', 'snapshot-runs')).toThrow(InvalidContinuationError);
  });

  test('queue messages are validated field by field', () => {
    const good = { runId: '8638204267425952-scheduled', msTenantId: 'A1B2C3D4-0000-4000-8000-000000000001', channelId: 7, requestedAt: '2026-01-01T00:00:00Z' };
    expect(parseSnapshotMessage(JSON.stringify(good))).toEqual({ ...good, msTenantId: good.msTenantId.toLowerCase() });
    expect(() => parseSnapshotMessage({ ...good, channelId: -1 })).toThrow(/channelId/);
    expect(() => parseSnapshotMessage({ ...good, extra: true })).toThrow(/Unreadable/);
  });

  test('an entity read back is written back without the service metadata (Azure refuses `odata.metadata` as a property)', () => {
    const read = { 'odata.metadata': 'http://x/$metadata#t/@Element', etag: 'W/"1"', timestamp: '2026-01-01T00:00:00Z', partitionKey: 'tenant', rowKey: 'r', leaseOwner: 'o' };
    expect(storedProperties(read)).toEqual({ partitionKey: 'tenant', rowKey: 'r', leaseOwner: 'o' });
  });
});
