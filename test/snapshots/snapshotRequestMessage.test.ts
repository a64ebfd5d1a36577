import { parseSnapshotMessage } from '../../shared/snapshots/snapshotRequestMessage';

test('queue messages are validated field by field', () => {
  const good = { runId: '8638204267425952-scheduled', msTenantId: 'A1B2C3D4-0000-4000-8000-000000000001', channelId: 7, requestedAt: '2026-01-01T00:00:00Z' };
  expect(parseSnapshotMessage(JSON.stringify(good))).toEqual({ ...good, msTenantId: good.msTenantId.toLowerCase() });
  expect(() => parseSnapshotMessage({ ...good, channelId: -1 })).toThrow(/channelId/);
  expect(() => parseSnapshotMessage({ ...good, channelId: 2147483648 })).toThrow(/channelId/);
  expect(() => parseSnapshotMessage({ ...good, correlationId: 'has space' })).toThrow(/correlationId/);
  expect(parseSnapshotMessage({ ...good, correlationId: 'a.b_c:d-e' })).toMatchObject({ correlationId: 'a.b_c:d-e' });
  expect(() => parseSnapshotMessage({ ...good, extra: true })).toThrow(/Unreadable/);
  expect(() => parseSnapshotMessage('{not json')).toThrow(/not JSON/);
});
