import type { FeedItem } from './readFeed';

/** A change as listChanges, pollChanges and the change events show it. */
export interface FeedItemBody {
  changeId: string;
  msTenantId: string;
  telephoneNumber: string;
  changeType: string;
  changedFields: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  runId: string;
  detectedAt: string;
}

export function feedItemBody(item: FeedItem): FeedItemBody {
  const { change } = item;
  return {
    changeId: item.changeId,
    msTenantId: change.msTenantId,
    telephoneNumber: change.telephoneNumber,
    changeType: change.changeType,
    changedFields: change.changedFields,
    before: change.before as Record<string, unknown> | null,
    after: change.after as Record<string, unknown> | null,
    runId: change.runId,
    detectedAt: change.detectedAt.toISOString(),
  };
}
