import { randomBytes } from 'node:crypto';
import type { OutcomeEntity } from '../snapshots/runRows';
import type { SnapshotDependencies } from '../snapshots/snapshotTenantNumbers';
import { publishChangeEvents, publishFailure } from './publishChangeEvents';

/**
 * After a tenant's run: publishes whatever the feed holds that was not yet published (this run's
 * changes, and any a failed or crashed earlier attempt left). It never throws, so it can neither
 * fail nor undo the snapshot; what went wrong is recorded on the run's outcome row.
 */
export async function publishAfterRun(deps: SnapshotDependencies, runId: string): Promise<Pick<OutcomeEntity, 'eventsPublished' | 'eventsError'>> {
  if (!deps.events) return {};
  try {
    const report = await publishChangeEvents(deps.tables, deps.events, { owner: `${runId}/${randomBytes(4).toString('hex')}`, log: deps.log });
    return report.error === undefined ? { eventsPublished: report.published } : { eventsPublished: report.published, eventsError: report.error };
  } catch (error) {
    const reason = publishFailure(error);
    deps.log.warn(`Change events: not published after run ${runId} (${reason}); a later run sends them`);
    return { eventsError: reason };
  }
}
