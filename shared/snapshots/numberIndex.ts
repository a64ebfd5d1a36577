import type { TableClient, TableEntity, TransactionAction } from '@azure/data-tables';
import { InvalidEntityError } from '../errors/appErrors';
import { odata } from '../storage/odata';
import { runWithConcurrency } from '../storage/runWithConcurrency';
import { isNotFound } from '../storage/storageErrors';
import { submitTransactions } from '../storage/submitTransactions';
import { planTransactions, type PlannedTransaction } from '../storage/transactionPlan';
import { fromNumberEntity, toNumberEntity, type NumberRow } from './numberEntity';
import type { SnapshotTables } from '../storage/snapshotTables';
import { numberIndexVersion, type TenantStateEntity } from './tenantState';
import { TenantSummaryCounter, type TenantSummary } from './tenantSummary';

/**
 * ocNumberIndex: the reverse of ocNumbers, so "who holds or held this number" is one single-partition
 * range read, never a scan (docs/tables.md). PartitionKey = the number's block (indexBlockOf), RowKey =
 * `<telephoneNumber>!<msTenantId>`. Operators' tenants hold ranges of numbers, so a tenant's index rows
 * fall into few blocks and go out as entity-group transactions, like its ocNumbers rows; a number's
 * holders are one contiguous RowKey range of one partition. Each index row is the number row with
 * those keys: a pure function of the same change, written by the same journal (changeJournal.ts), so
 * re-applying a run writes the same rows again.
 */

/**
 * Between number and tenant in a RowKey. Neither holds it (numbers are `+` and digits, tenant ids
 * hex digits and hyphens; toIndexEntity checks), it sorts below every character they can hold, and
 * Table Storage allows it in keys. So `<number>!` … `<number>"` is exactly that number's rows: a
 * number that is a prefix of another (+1555, +15551) never reaches into the other's range.
 */
export const indexKeySeparator = '!';
const afterSeparator = String.fromCharCode(indexKeySeparator.charCodeAt(0) + 1);

/**
 * The number's block: the number without its last two digits, so 100 consecutive numbers (what an
 * operator hands a tenant as a range) share one partition. A number of fewer than 3 characters is
 * its own block (a key must not be empty); the snapshot stores only E.164 numbers of 8 to 16.
 */
export function indexBlockOf(telephoneNumber: string): string {
  return telephoneNumber.length < 3 ? telephoneNumber : telephoneNumber.slice(0, -2);
}

/** The keys of a number's index rows: one partition and a RowKey range that holds exactly that number's rows. */
export function indexRangeOf(telephoneNumber: string): { partitionKey: string; from: string; before: string } {
  return { partitionKey: indexBlockOf(telephoneNumber), from: `${telephoneNumber}${indexKeySeparator}`, before: `${telephoneNumber}${afterSeparator}` };
}

export function toIndexEntity(msTenantId: string, row: NumberRow): TableEntity<Record<string, unknown>> {
  const { telephoneNumber } = row.record;
  if (telephoneNumber.includes(indexKeySeparator) || msTenantId.includes(indexKeySeparator)) {
    throw new InvalidEntityError(`index key of ${JSON.stringify(telephoneNumber.slice(0, 40))} would hold the separator ${indexKeySeparator}`);
  }
  // checkedEntityBytes (in planTransactions) validates the keys and the size before anything is written.
  return { ...toNumberEntity(msTenantId, row), partitionKey: indexBlockOf(telephoneNumber), rowKey: `${telephoneNumber}${indexKeySeparator}${msTenantId}` };
}

/** Number and tenant of an index RowKey; undefined for a row of the first layout (RowKey = msTenantId, no separator). */
export function parseIndexRowKey(rowKey: string): { telephoneNumber: string; msTenantId: string } | undefined {
  const at = rowKey.indexOf(indexKeySeparator);
  if (at < 0) return undefined;
  return { telephoneNumber: rowKey.slice(0, at), msTenantId: rowKey.slice(at + 1) };
}

export function fromIndexEntity(entity: Record<string, unknown>): { msTenantId: string; row: NumberRow } {
  const keys = parseIndexRowKey(entity['rowKey'] as string);
  if (!keys) throw new InvalidEntityError(`ocNumberIndex row ${String(entity['partitionKey'])} is not of the current layout`);
  return { msTenantId: keys.msTenantId, row: fromNumberEntity({ ...entity, rowKey: keys.telephoneNumber }) };
}

/** Index rows as upserts (Replace: re-applying writes the same rows) in transactions of one block, ≤ 100 and well under 4 MiB each. */
export function planIndexWrites(entities: readonly TableEntity<Record<string, unknown>>[]): PlannedTransaction[] {
  return planTransactions(entities.map((entity): TransactionAction => ['upsert', entity, 'Replace']));
}

export async function writeIndexRows(index: TableClient, entities: readonly TableEntity<Record<string, unknown>>[]): Promise<void> {
  await submitTransactions(index, planIndexWrites(entities));
}

/** The first layout kept one partition per number: no transactions, single deletes, many in flight. */
const firstLayoutDeletesInFlight = 32;

/**
 * Deletes the tenant's rows of the first index layout (PartitionKey = number, RowKey = msTenantId) for
 * these numbers; a row already gone is fine. No row of the current layout has such keys (its RowKey
 * holds the separator, a tenant id does not), so nothing current is touched.
 */
export async function deleteFirstLayoutRows(index: TableClient, msTenantId: string, telephoneNumbers: readonly string[]): Promise<void> {
  await runWithConcurrency(telephoneNumbers, firstLayoutDeletesInFlight, async (telephoneNumber) => {
    try {
      await index.deleteEntity(telephoneNumber, msTenantId);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  });
}

/** The index version that wrote rows of the first layout (one partition per number). */
const firstLayoutIndexVersion = 1;

/**
 * Reads every row of the tenant page by page: counts them into its summary and, with `writeIndex`,
 * (re)writes their index rows; with `dropFirstLayout`, then deletes their first-layout rows. Used for a
 * tenant whose rows an older version indexed differently or not at all, with force=true, and where the
 * run alone cannot tell the counts (releases withheld, or no summary stored yet).
 */
export async function summariseTenantRows(
  numbers: TableClient,
  index: TableClient,
  msTenantId: string,
  writeIndex: boolean,
  dropFirstLayout = false,
): Promise<TenantSummary> {
  const counter = new TenantSummaryCounter();
  const pages = numbers.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${msTenantId}` } }).byPage({ maxPageSize: 1000 });
  for await (const page of pages) {
    const rows = page.map((entity) => fromNumberEntity(entity));
    for (const row of rows) {
      if (row.meta.state === 'active') counter.addActive(row.record);
      else counter.addReleased(1);
    }
    if (writeIndex)
      await writeIndexRows(
        index,
        rows.map((row) => toIndexEntity(msTenantId, row)),
      );
    // After the new rows: a crash between leaves old rows only, and the state still asks for this pass.
    if (dropFirstLayout)
      await deleteFirstLayoutRows(
        index,
        msTenantId,
        rows.map((row) => row.record.telephoneNumber),
      );
  }
  return counter.summary();
}

/**
 * After a run's journal is written: the tenant's summary, and its index made whole where it may not be.
 * A tenant that has run before but whose state records no index version or an older one (rows an
 * older version wrote, unindexed or in the first layout), or any tenant with force=true, gets every
 * row (re)indexed in one pass that also counts them, and its first-layout rows deleted; its state then
 * records the current index version, so later runs write index rows only for what changed.
 */
export async function settleIndexAndSummary(
  tables: SnapshotTables,
  state: Readonly<TenantStateEntity>,
  force: boolean,
  planned: TenantSummary | undefined,
): Promise<TenantSummary> {
  const outdated = state.lastRunId !== undefined && state.indexVersion !== numberIndexVersion;
  const unindexed = force || outdated;
  if (!unindexed && planned) return planned;
  const firstLayout = state.indexVersion !== undefined && state.indexVersion <= firstLayoutIndexVersion;
  return summariseTenantRows(tables.numbers, tables.index, state.msTenantId, unindexed, firstLayout);
}
