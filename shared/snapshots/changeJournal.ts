import type { TransactionAction } from '@azure/data-tables';
import { odata } from '../storage/odata';
import type { Logger } from '../logging/logger';
import { listAllEntities } from '../storage/listAllEntities';
import type { SnapshotTables } from '../storage/snapshotTables';
import { submitTransactions } from '../storage/submitTransactions';
import { planTransactions, type PlannedTransaction } from '../storage/transactionPlan';
import { commitToFeed, feedCommitOf, type FeedCommit } from '../feed/commitToFeed';
import { fromChangeEntity, toChangeEntity } from './changeEntity';
import { changePrefix, type NumberChange } from './numberChange';
import type { ContentHashOf } from './numberContent';
import { toNumberEntity, type NumberRow } from './numberEntity';
import { planIndexWrites, toIndexEntity } from './numberIndex';
import { numberRowFor } from './numberRowFor';
import { readNumberRows } from './storedNumbers';
import type { TenantLease } from './tenantLease';

/**
 * The write-ahead journal that makes a crash at any point converge (see snapshotTenantNumbers.ts):
 * the state row names the run as pending, then the change rows are written, then the number rows and
 * their index rows, then the run's changes are committed to the change feed (commitToFeed.ts); the caller
 * clears the mark. A pending mark found later means "re-apply that run's change rows".
 */

/** The number rows the changes lead to, as ocNumbers transactions and as ocNumberIndex transactions (numberIndex.ts). */
function numberWrites(msTenantId: string, changes: readonly NumberChange[], stored: ReadonlyMap<string, NumberRow>, hashOf?: ContentHashOf) {
  const rows = changes.map((change) => numberRowFor(change, stored.get(change.telephoneNumber)?.meta, hashOf));
  return {
    numberPlan: planTransactions(rows.map((row): TransactionAction => ['upsert', toNumberEntity(msTenantId, row), 'Replace'])),
    indexPlan: planIndexWrites(rows.map((row) => toIndexEntity(msTenantId, row))),
  };
}

/** Lease time a write phase must have left before it starts: more than one phase can take. */
const phaseMarginMs = 60_000;

/** One run's changes as the transactions that record and apply them, every key and size validated. */
export interface PlannedJournal {
  runId: string;
  detectedAt: Date;
  changePlan: PlannedTransaction[];
  numberPlan: PlannedTransaction[];
  indexPlan: PlannedTransaction[];
  /** What the change feed commits once the rows are written. */
  feed: FeedCommit;
}

/**
 * Plans one run's changes (all with the same runId and detectedAt) before anything is written. The
 * plans hold no reference to the records or changes they came from, so those can be garbage while
 * the plans are written: at 100k numbers, a smaller live heap for the collector during every write.
 */
export function planJournal(changes: readonly NumberChange[], stored: ReadonlyMap<string, NumberRow>, hashOf?: ContentHashOf): PlannedJournal | undefined {
  const first = changes[0];
  if (!first) return undefined;
  return {
    runId: first.runId,
    detectedAt: first.detectedAt,
    changePlan: planTransactions(changes.map((change): TransactionAction => ['upsert', toChangeEntity(change), 'Replace'])),
    ...numberWrites(first.msTenantId, changes, stored, hashOf),
    feed: feedCommitOf(first.msTenantId, first.runId, first.detectedAt, changes),
  };
}

/** Records and applies a planned run: journal mark, change rows, number rows, index rows, feed commit (the caller clears the mark). */
export async function writeJournal(tables: SnapshotTables, lease: TenantLease, journal: PlannedJournal | undefined): Promise<void> {
  if (!journal) return;
  // From here until the run finishes the rows may match no answer, so the digest goes with the mark.
  const { answerDigest: _digest, ...state } = lease.state;
  await lease.save({ ...state, pendingRunId: journal.runId, pendingDetectedAt: journal.detectedAt });
  await submitTransactions(tables.changes, journal.changePlan);
  await lease.ensure(phaseMarginMs);
  await submitTransactions(tables.numbers, journal.numberPlan);
  await lease.ensure(phaseMarginMs);
  await submitTransactions(tables.index, journal.indexPlan);
  // Last, while the mark still stands: a crash before it leaves the commit to the recovery.
  await commitToFeed(tables.feed, journal.feed);
}

/** Re-applies the number rows of a run that stopped part-way; its change rows are the record of what it found. Returns them. */
export async function recoverPendingChanges(tables: SnapshotTables, lease: TenantLease, log: Logger): Promise<NumberChange[]> {
  // The digest goes too: an app version that knows none may have kept it through its journal mark.
  const { pendingRunId, pendingDetectedAt, answerDigest: _digest, ...settled } = lease.state;
  if (!pendingRunId || !pendingDetectedAt) return [];
  const msTenantId = lease.state.msTenantId;
  const prefix = changePrefix(pendingDetectedAt, pendingRunId);
  // The prefix ends in '-'; '.' is the next character, so this range is exactly the prefix.
  const end = `${prefix.slice(0, -1)}.`;
  const rows = await listAllEntities<Record<string, unknown>>(tables.changes, {
    filter: odata`PartitionKey eq ${msTenantId} and RowKey ge ${prefix} and RowKey lt ${end}`,
  });
  const changes = rows.map(fromChangeEntity);
  const stored = await readNumberRows(
    tables.numbers,
    msTenantId,
    changes.map((change) => change.telephoneNumber),
  );
  const writes = numberWrites(msTenantId, changes, stored);
  await submitTransactions(tables.numbers, writes.numberPlan);
  await submitTransactions(tables.index, writes.indexPlan);
  // The rows the run managed to write are its changes: they join the feed (once, whoever commits).
  if (changes.length > 0) await commitToFeed(tables.feed, feedCommitOf(msTenantId, pendingRunId, pendingDetectedAt, changes));
  await lease.save(settled);
  log.warn(`Tenant ${msTenantId}: run ${pendingRunId} stopped part-way; re-applied its ${changes.length} recorded change(s)`);
  return changes;
}
