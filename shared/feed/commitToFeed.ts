import type { TableClient, TransactionAction } from '@azure/data-tables';
import { isConflict, isNotFound, isPreconditionFailed } from '../storage/storageErrors';
import { changePrefix, changeTypes, type NumberChange } from '../snapshots/numberChange';
import {
  commitRowKey,
  committedMarkRowKey,
  feedPartition,
  headRowKey,
  type ChangeTypeCounts,
  type CommittedMarkEntity,
  type FeedCommitEntity,
  type FeedHeadEntity,
} from './feedRows';

/** One tenant-run's recorded changes, as the feed commits them. */
export interface FeedCommit {
  msTenantId: string;
  runId: string;
  detectedAt: Date;
  counts: ChangeTypeCounts;
}

export function feedCommitOf(msTenantId: string, runId: string, detectedAt: Date, changes: readonly Pick<NumberChange, 'changeType'>[]): FeedCommit {
  const counts = Object.fromEntries(changeTypes.map((type) => [type, 0])) as ChangeTypeCounts;
  for (const change of changes) counts[change.changeType] += 1;
  return { msTenantId, runId, detectedAt, counts };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The feed's head: the last sequence handed out (0 before the first) and the row's ETag. */
export async function readFeedHead(feed: TableClient): Promise<{ sequence: number; etag: string | undefined }> {
  try {
    const head = await feed.getEntity<FeedHeadEntity>(feedPartition, headRowKey);
    return { sequence: head.sequence, etag: head.etag };
  } catch (error) {
    if (isNotFound(error)) return { sequence: 0, etag: undefined };
    throw error;
  }
}

async function committedAs(feed: TableClient, mark: string): Promise<number | undefined> {
  try {
    return (await feed.getEntity<CommittedMarkEntity>(feedPartition, mark)).sequence;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Gives a tenant-run's change rows (all written already) their place in the feed: one transaction
 * moves the head from n to n+1 (conditional on the head's ETag), creates commit row n+1 and creates
 * the tenant-run's committed mark. All or nothing, so a sequence is visible exactly when its commit
 * row is, sequences have no gaps, and a tenant-run is committed at most once: a second attempt (a
 * retry after a crash) fails on the mark and finds it. Concurrent committers of different tenants
 * lose the ETag race and try again with the next number. Returns the sequence.
 */
export async function commitToFeed(feed: TableClient, commit: FeedCommit): Promise<number> {
  const mark = committedMarkRowKey(commit.msTenantId, changePrefix(commit.detectedAt, commit.runId));
  const already = await committedAs(feed, mark);
  if (already !== undefined) return already;
  const changeCount = Object.values(commit.counts).reduce((sum, count) => sum + count, 0);
  for (let attempt = 0; ; attempt++) {
    const head = await readFeedHead(feed);
    const sequence = head.sequence + 1;
    const headRow: FeedHeadEntity = { partitionKey: feedPartition, rowKey: headRowKey, kind: 'feedHead', sequence };
    const commitRow: FeedCommitEntity = {
      partitionKey: feedPartition,
      rowKey: commitRowKey(sequence),
      kind: 'feedCommit',
      sequence,
      msTenantId: commit.msTenantId,
      runId: commit.runId,
      detectedAt: commit.detectedAt,
      committedAt: new Date(),
      changeCount,
      ...commit.counts,
    };
    const markRow: CommittedMarkEntity = { partitionKey: feedPartition, rowKey: mark, kind: 'feedCommitted', sequence };
    const actions: TransactionAction[] = [
      head.etag === undefined ? ['create', headRow] : ['update', headRow, 'Replace', { etag: head.etag }],
      ['create', commitRow],
      ['create', markRow],
    ];
    try {
      await feed.submitTransaction(actions);
      return sequence;
    } catch (error) {
      if (!isConflict(error) && !isPreconditionFailed(error)) throw error;
      // Another tenant's commit took the number (or, after a lost answer, ours landed): look again.
      const landed = await committedAs(feed, mark);
      if (landed !== undefined) return landed;
      await sleep(Math.min(20 * 2 ** Math.min(attempt, 6), 1000) * (0.5 + Math.random()));
    }
  }
}
