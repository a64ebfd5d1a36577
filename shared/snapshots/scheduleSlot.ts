import type { Timer } from '@azure/functions';

const minuteMs = 60_000;
// A `next` this far ahead is not the occurrence being fired (clock trouble): use the clock instead.
const plausibleSkewMs = 5 * minuteMs;

/**
 * The schedule occurrence a timer firing stands for, to the minute. With useMonitor the host passes
 * the occurrence it is firing as `scheduleStatus.next` — also on a past-due firing after a restart,
 * which is how a past-due firing of a slot that already ran is recognised. Without it, the clock.
 * (So SNAPSHOT_SCHEDULE gives at most one run per minute.)
 */
export function scheduleSlotMs(timer: Pick<Timer, 'scheduleStatus'> | undefined, nowMs: number): number {
  const next = Date.parse(timer?.scheduleStatus?.next ?? '');
  const occurrence = Number.isFinite(next) && next <= nowMs + plausibleSkewMs ? next : nowMs;
  return Math.floor(occurrence / minuteMs) * minuteMs;
}
