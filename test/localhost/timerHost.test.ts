import type { Timer } from '@azure/functions';
import { checkPastDue, ncrontabSchedule, never, TimerTrigger, type ScheduleStatus, type ScheduleStatusStore } from '../../localhost/timerHost';

const at = (iso: string) => new Date(iso);

function memoryStore(initial?: ScheduleStatus): ScheduleStatusStore & { writes: ScheduleStatus[] } {
  const writes: ScheduleStatus[] = [];
  let status = initial;
  return {
    writes,
    read: () => status,
    write: (_name, next) => {
      status = next;
      writes.push(next);
    },
  };
}

describe('NCRONTAB schedules', () => {
  it('reads the six-field form with seconds, in UTC', () => {
    const schedule = ncrontabSchedule('0 */5 * * * *');
    expect(schedule.next(at('2026-01-01T00:02:30Z')).toISOString()).toBe('2026-01-01T00:05:00.000Z');
    expect(ncrontabSchedule('30 15 9 * * *').next(at('2026-01-01T10:00:00Z')).toISOString()).toBe('2026-01-02T09:15:30.000Z');
  });

  it('reads the five-field form as whole minutes', () => {
    expect(ncrontabSchedule('*/10 * * * *').next(at('2026-01-01T00:02:30Z')).toISOString()).toBe('2026-01-01T00:10:00.000Z');
  });

  it('needs both the day of month and the day of week to match, as NCRONTAB does', () => {
    // 13th of a month that is a Friday: the next is 2026-02-13 (2026-01-13 is a Tuesday).
    expect(ncrontabSchedule('0 0 0 13 * 5').next(at('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-02-13T00:00:00.000Z');
  });

  it('honours a time zone (WEBSITE_TIME_ZONE)', () => {
    expect(ncrontabSchedule('0 0 9 * * *', 'Europe/Berlin').next(at('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-01-01T08:00:00.000Z');
  });

  it.each([
    ['0 */5 * * *  * *', /not NCRONTAB: it has 7 fields/],
    ['0 61 * * * *', /not a valid NCRONTAB expression/],
    ['00:05:00', /is a TimeSpan/],
  ])('names what is wrong with %s', (expression, problem) => {
    expect(() => ncrontabSchedule(expression)).toThrow(problem);
  });
});

describe('the schedule monitor (useMonitor)', () => {
  const schedule = ncrontabSchedule('0 */5 * * * *');

  it('records the next occurrence on first start and finds nothing past due', () => {
    const checked = checkPastDue(schedule, undefined, at('2026-01-01T00:02:00Z'));
    expect(checked).toEqual({
      status: { last: never, next: '2026-01-01T00:05:00.000Z', lastUpdated: '2026-01-01T00:02:00.000Z' },
      pastDueMs: 0,
      changed: true,
    });
  });

  it('finds the recorded next occurrence past due after a stop across it', () => {
    const status = { last: '2026-01-01T00:05:00.000Z', next: '2026-01-01T00:10:00.000Z', lastUpdated: '2026-01-01T00:05:01.000Z' };
    expect(checkPastDue(schedule, status, at('2026-01-01T00:12:00Z'))).toEqual({ status, pastDueMs: 120_000, changed: false });
  });

  it('starts afresh when the schedule changed since the status was written', () => {
    const status = { last: '2026-01-01T00:00:00.000Z', next: '2026-01-01T01:00:00.000Z', lastUpdated: '2026-01-01T00:00:01.000Z' };
    const checked = checkPastDue(schedule, status, at('2026-01-01T02:00:00Z'));
    expect(checked).toMatchObject({ pastDueMs: 0, changed: true, status: { last: never, next: '2026-01-01T02:05:00.000Z' } });
  });

  it('fires a past-due occurrence once at start with isPastDue and the missed slot as scheduleStatus.next, then moves the status on', async () => {
    const store = memoryStore({ last: '2026-01-01T00:05:00.000Z', next: '2026-01-01T00:10:00.000Z', lastUpdated: '2026-01-01T00:05:01.000Z' });
    const fired: Timer[] = [];
    const trigger = new TimerTrigger({
      functionName: 'tick',
      schedule,
      useMonitor: true,
      runOnStartup: false,
      store,
      now: () => at('2026-01-01T00:12:00Z'),
      fire: async (timer) => void fired.push(timer),
    });
    await trigger.start();
    await trigger.stop();
    expect(fired).toEqual([
      {
        isPastDue: true,
        schedule: { adjustForDST: true },
        scheduleStatus: { last: '2026-01-01T00:05:00.000Z', next: '2026-01-01T00:10:00.000Z', lastUpdated: '2026-01-01T00:05:01.000Z' },
      },
    ]);
    expect(store.writes.at(-1)).toEqual({ last: '2026-01-01T00:10:00.000Z', next: '2026-01-01T00:15:00.000Z', lastUpdated: '2026-01-01T00:12:00.000Z' });
    expect(trigger.nextOccurrence?.toISOString()).toBe('2026-01-01T00:15:00.000Z');
  });

  it('fires on the schedule, passing the occurrence it fires as scheduleStatus.next', async () => {
    const store = memoryStore();
    const fired: Timer[] = [];
    let firstFiring: () => void = () => undefined;
    const firedOnce = new Promise<void>((resolve) => (firstFiring = resolve));
    const trigger = new TimerTrigger({
      functionName: 'everySecond',
      schedule: ncrontabSchedule('* * * * * *'),
      useMonitor: true,
      runOnStartup: false,
      store,
      fire: async (timer) => {
        fired.push(timer);
        firstFiring();
      },
    });
    await trigger.start();
    await firedOnce;
    await trigger.stop();
    const first = fired[0];
    expect(first?.isPastDue).toBe(false);
    expect(first?.scheduleStatus.last).toBe(never);
    const occurrence = Date.parse(first?.scheduleStatus.next ?? '');
    expect(occurrence % 1000).toBe(0);
    expect(store.writes.at(-1)?.last).toBe(new Date(occurrence).toISOString());
  });

  it('passes no schedule status without useMonitor, and honours runOnStartup', async () => {
    const fired: Timer[] = [];
    const trigger = new TimerTrigger({
      functionName: 'plain',
      schedule,
      useMonitor: false,
      runOnStartup: true,
      store: memoryStore(),
      fire: async (timer) => void fired.push(timer),
    });
    await trigger.start();
    await trigger.stop();
    expect(fired).toEqual([{ isPastDue: false, schedule: { adjustForDST: true } }]);
  });
});
