import { appSnapshotTables } from '../storage/snapshotTables';
import { readEventsCursor } from './publishChangeEvents';

export class EventPublishingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventPublishingError';
  }
}

/** healthDeep: fails while the last attempt to publish change events failed (the next run retries). */
export async function eventPublishingCheck(): Promise<void> {
  const cursor = await readEventsCursor(appSnapshotTables().feed).catch(() => undefined);
  const error = cursor?.entity.lastError;
  if (error) throw new EventPublishingError(`change events not published since ${cursor.entity.lastErrorAt?.toISOString() ?? 'the last run'}: ${error}`);
}
