import { scheduleSlotMs } from '../../shared/snapshots/scheduleSlot';

test('a firing stands for the occurrence the host says it fires, to the minute, also when past due', () => {
  const now = Date.parse('2026-03-01T06:07:30Z');
  const status = (next: string) => ({ scheduleStatus: { last: '', next, lastUpdated: '' } });
  expect(scheduleSlotMs(status('2026-03-01T06:00:00Z'), now)).toBe(Date.parse('2026-03-01T06:00:00Z'));
  expect(scheduleSlotMs(status('2026-03-01T06:07:30.200Z'), now)).toBe(Date.parse('2026-03-01T06:07:00Z'));
  // No monitor, or a `next` that cannot be this firing: the clock.
  expect(scheduleSlotMs(undefined, now)).toBe(Date.parse('2026-03-01T06:07:00Z'));
  expect(scheduleSlotMs(status('2026-03-02T00:00:00Z'), now)).toBe(Date.parse('2026-03-01T06:07:00Z'));
});
