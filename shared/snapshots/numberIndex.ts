import type { TableClient, TableEntity } from '@azure/data-tables';
import { odata } from '../storage/odata';
import { runWithConcurrency } from '../storage/runWithConcurrency';
import { checkedEntityBytes } from '../storage/entityLimits';
import { fromNumberEntity, toNumberEntity, type NumberRow } from './numberEntity';
import type { SnapshotTables } from '../storage/snapshotTables';
import type { TenantStateEntity } from './tenantState';
import { TenantSummaryCounter, type TenantSummary } from './tenantSummary';

/**
 * ocNumberIndex: the reverse of ocNumbers (PartitionKey = telephoneNumber, RowKey = msTenantId), so
 * "who holds or held this number" is one partition read, never a scan. Each index row is the number
 * row with its keys swapped: a pure function of the same change, written after the number rows by the
 * same journal (changeJournal.ts), so re-applying a run writes the same rows again.
 */

export function toIndexEntity(msTenantId: string, row: NumberRow): TableEntity<Record<string, unknown>> {
  const entity = toNumberEntity(msTenantId, row);
  const swapped = { ...entity, partitionKey: row.record.telephoneNumber, rowKey: msTenantId };
  // Validated before anything is written, as the number rows are.
  checkedEntityBytes(swapped);
  return swapped;
}

export function fromIndexEntity(entity: Record<string, unknown>): { msTenantId: string; row: NumberRow } {
  return { msTenantId: entity['rowKey'] as string, row: fromNumberEntity({ ...entity, rowKey: entity['partitionKey'] }) };
}

/** One partition per number, so no transactions: single upserts, many in flight. */
const indexWritesInFlight = 32;

export async function writeIndexRows(index: TableClient, entities: readonly TableEntity<Record<string, unknown>>[]): Promise<void> {
  await runWithConcurrency(entities, indexWritesInFlight, async (entity) => {
    await index.upsertEntity(entity, 'Replace');
  });
}

/**
 * Reads every row of the tenant page by page: counts them into its summary and, with `writeIndex`,
 * (re)writes their index rows. Used for a tenant whose rows predate the index, with force=true, and
 * where the run alone cannot tell the counts (releases withheld, or no summary stored yet).
 */
export async function summariseTenantRows(numbers: TableClient, index: TableClient, msTenantId: string, writeIndex: boolean): Promise<TenantSummary> {
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
  }
  return counter.summary();
}

/**
 * After a run's journal is written: the tenant's summary, and its index made whole where it may not be.
 * A tenant whose rows an older version wrote (it has run before but records no index version), or any
 * tenant with force=true, gets every row (re)indexed in one pass that also counts them; its state then
 * records the index version, so later runs write index rows only for what changed.
 */
export async function settleIndexAndSummary(
  tables: SnapshotTables,
  state: Readonly<TenantStateEntity>,
  force: boolean,
  planned: TenantSummary | undefined,
): Promise<TenantSummary> {
  const unindexed = force || (state.indexVersion === undefined && state.lastRunId !== undefined);
  if (!unindexed && planned) return planned;
  return summariseTenantRows(tables.numbers, tables.index, state.msTenantId, unindexed);
}
