import type { ChangeType } from '../snapshots/numberChange';

/**
 * ocChangeFeed: the operator-wide change feed, one partition (`feed`) holding three kinds of rows.
 * - `head`: the last sequence number handed out;
 * - `s-<sequence>`: one commit, i.e. one tenant-run's change rows in ocNumberChanges, in commit order;
 * - `c-<msTenantId>-<change prefix>`: the mark that this tenant-run is committed, and as what sequence.
 * The three are written in one entity group transaction (see commitToFeed.ts and docs/tables.md).
 */
export const feedPartition = 'feed';
export const headRowKey = 'head';

const sequenceDigits = 15;

export const commitRowKey = (sequence: number) => `s-${String(sequence).padStart(sequenceDigits, '0')}`;
/** Just past every commit row: `s-` then digits, and '.' sorts after '-' but before any digit. */
export const commitRowKeyEnd = 's.';
export const committedMarkRowKey = (msTenantId: string, changePrefix: string) => `c-${msTenantId}-${changePrefix}`;

export type FeedHeadEntity = {
  partitionKey: typeof feedPartition;
  rowKey: typeof headRowKey;
  kind: 'feedHead';
  sequence: number;
};

export type ChangeTypeCounts = Record<ChangeType, number>;

export type FeedCommitEntity = ChangeTypeCounts & {
  partitionKey: typeof feedPartition;
  rowKey: string;
  kind: 'feedCommit';
  sequence: number;
  msTenantId: string;
  runId: string;
  detectedAt: Date;
  /** The committing process's clock: where `since` starts reading (see readFeed.ts). */
  committedAt: Date;
  /** The change rows of this tenant-run when it was committed. */
  changeCount: number;
};

export type CommittedMarkEntity = {
  partitionKey: typeof feedPartition;
  rowKey: string;
  kind: 'feedCommitted';
  sequence: number;
};
