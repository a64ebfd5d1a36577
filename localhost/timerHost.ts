import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Timer } from '@azure/functions';
import { Cron } from 'croner';

/**
 * The timer trigger as the host runs it. The schedule is NCRONTAB (six fields with seconds, or the
 * five-field form), evaluated by croner with the host's rules: UTC unless WEBSITE_TIME_ZONE names
 * an IANA zone, and a day must match both the day-of-month and the day-of-week fields.
 */
export interface TimerSchedule {
  /** The first occurrence strictly after `after`. */
  next(after: Date): Date;
}

export function ncrontabSchedule(expression: string, timeZone = 'Etc/UTC'): TimerSchedule {
  if (/^\s*(\d+\.)?\d{1,2}:\d{2}:\d{2}\s*$/.test(expression)) {
    throw new Error(`schedule "${expression}" is a TimeSpan; the built-in local host runs NCRONTAB schedules only`);
  }
  const fields = expression.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6)
    throw new Error(`schedule "${expression}" is not NCRONTAB: it has ${fields} fields, not 6 ({second} {minute} {hour} {day} {month} {day-of-week})`);
  let cron: Cron;
  try {
    cron = new Cron(expression.trim(), { paused: true, timezone: timeZone, mode: '5-or-6-parts', domAndDow: true });
  } catch (error) {
    throw new Error(`schedule "${expression}" is not a valid NCRONTAB expression: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    next(after) {
      const next = cron.nextRun(after);
      if (!next) throw new Error(`schedule "${expression}" has no occurrence after ${after.toISOString()}`);
      return next;
    },
  };
}

/** What the host's schedule monitor keeps per timer function (docs: timer trigger, `useMonitor`). */
export interface ScheduleStatus {
  last: string;
  next: string;
  lastUpdated: string;
}

export interface ScheduleStatusStore {
  read(functionName: string): ScheduleStatus | undefined;
  write(functionName: string, status: ScheduleStatus): void;
}

/** The host keeps the status in AzureWebJobsStorage; the built-in host in a file under `.local/local-host/timers/`. */
export function fileStatusStore(folder: string): ScheduleStatusStore {
  const file = (name: string) => path.join(folder, `${name}.json`);
  return {
    read(name) {
      if (!existsSync(file(name))) return undefined;
      try {
        return JSON.parse(readFileSync(file(name), 'utf8')) as ScheduleStatus;
      } catch {
        return undefined;
      }
    },
    write(name, status) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(file(name), `${JSON.stringify(status, null, 2)}\n`);
    },
  };
}

/** DateTime.MinValue, which the host reports for a `last` that never happened. */
export const never = '0001-01-01T00:00:00.000Z';
const isNever = (text: string) => Date.parse(text) <= Date.parse(never);

/**
 * The monitor's start-up check: how long the recorded next occurrence is past due, after resetting
 * the status when the schedule changed since it was written (then nothing is past due).
 */
export function checkPastDue(
  schedule: TimerSchedule,
  status: ScheduleStatus | undefined,
  now: Date,
): { status: ScheduleStatus; pastDueMs: number; changed: boolean } {
  const fresh = (): ScheduleStatus => ({ last: never, next: schedule.next(now).toISOString(), lastUpdated: now.toISOString() });
  if (!status) return { status: fresh(), pastDueMs: 0, changed: true };
  const expected = !isNever(status.last)
    ? schedule.next(new Date(status.last))
    : !isNever(status.lastUpdated)
      ? schedule.next(new Date(status.lastUpdated))
      : new Date(status.next);
  if (expected.getTime() !== Date.parse(status.next)) return { status: fresh(), pastDueMs: 0, changed: true };
  return { status, pastDueMs: Math.max(0, now.getTime() - Date.parse(status.next)), changed: false };
}

export interface TimerTriggerOptions {
  functionName: string;
  schedule: TimerSchedule;
  useMonitor: boolean;
  runOnStartup: boolean;
  store: ScheduleStatusStore;
  /** Runs the function; resolves when it has finished, whatever its outcome. */
  fire(timer: Timer): Promise<void>;
  now?: () => Date;
}

const maxTimeoutMs = 2 ** 31 - 1;

/**
 * Fires a timer function on its schedule. With useMonitor, the function receives the status as it
 * stood before the firing (so `scheduleStatus.next` is the occurrence being fired), the status moves
 * on only after the function finished (a firing cut short by a stop is past due at the next start),
 * and a start that finds the recorded next occurrence in the past fires once with `isPastDue: true`.
 */
export class TimerTrigger {
  private timeout: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private status: ScheduleStatus | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: TimerTriggerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get functionName(): string {
    return this.options.functionName;
  }

  /** The next occurrence it waits for. */
  get nextOccurrence(): Date | undefined {
    return this.pending;
  }

  private pending: Date | undefined;

  async start(): Promise<void> {
    const { options } = this;
    const now = this.now();
    if (options.useMonitor) {
      const checked = checkPastDue(options.schedule, options.store.read(options.functionName), now);
      this.status = checked.status;
      if (checked.changed) options.store.write(options.functionName, checked.status);
      if (checked.pastDueMs > 0) {
        await this.fire(new Date(checked.status.next), true);
      } else if (options.runOnStartup) {
        await this.fire(now, false);
      }
    } else if (options.runOnStartup) {
      await this.fire(now, false);
    }
    this.scheduleFrom(this.now());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timeout) clearTimeout(this.timeout);
    await this.running;
  }

  private scheduleFrom(after: Date): void {
    if (this.stopped) return;
    const next = this.options.schedule.next(after);
    this.pending = next;
    const wait = () => {
      const remaining = next.getTime() - this.now().getTime();
      if (remaining > 0) {
        this.timeout = setTimeout(wait, Math.min(remaining, maxTimeoutMs));
        return;
      }
      void this.fire(next, false).then(() => this.scheduleFrom(next.getTime() < this.now().getTime() ? this.now() : next));
    };
    wait();
  }

  private fire(occurrence: Date, isPastDue: boolean): Promise<void> {
    const { options } = this;
    const timer: Timer = {
      isPastDue,
      schedule: { adjustForDST: true },
      ...(options.useMonitor && this.status ? { scheduleStatus: { ...this.status } } : {}),
    } as Timer;
    this.running = options.fire(timer).then(() => {
      if (!options.useMonitor) return;
      this.status = { last: occurrence.toISOString(), next: options.schedule.next(occurrence).toISOString(), lastUpdated: this.now().toISOString() };
      options.store.write(options.functionName, this.status);
    });
    return this.running;
  }
}
