import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import { listAllEntities } from '../../shared/storage/listAllEntities';
import type { SnapshotEntities } from './snapshotEntities';

/**
 * Rows of a partition written at or after `since`, read from what the table holds (every write,
 * even of identical content, moves an entity's Timestamp): a count no client-side hook can miss.
 */
export async function rowsWrittenSince(table: TableClient, partitionKey: string, since: Date): Promise<number> {
  const rows = await listAllEntities(table, { filter: odata`PartitionKey eq ${partitionKey} and Timestamp ge ${since}`, select: ['RowKey'] });
  return rows.length;
}

const batchSize = 100;

/** Rows of the whole table written at or after `since` (for a table keyed by something other than the tenant, on an emulator of its own). */
export async function tableRowsWrittenSince(table: TableClient, since: Date): Promise<number> {
  const rows = await listAllEntities(table, { filter: odata`Timestamp ge ${since}`, select: ['RowKey'] });
  return rows.length;
}

/**
 * Baseline (b): the rows as raw entity-group transactions of up to 100 rows of one partition (all of
 * a tenant's ocNumbers rows are one; its ocNumberIndex rows one per block), `inFlight` at a time; no
 * reads, no diff.
 */
export async function submitInBatches(table: TableClient, entities: readonly TableEntity<Record<string, unknown>>[], inFlight: number): Promise<void> {
  const byPartition = new Map<string, TableEntity<Record<string, unknown>>[]>();
  for (const entity of entities) {
    const rows = byPartition.get(entity.partitionKey) ?? [];
    rows.push(entity);
    byPartition.set(entity.partitionKey, rows);
  }
  const batches: TableEntity<Record<string, unknown>>[][] = [];
  for (const rows of byPartition.values()) for (let at = 0; at < rows.length; at += batchSize) batches.push(rows.slice(at, at + batchSize));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++] ?? [];
      await table.submitTransaction(batch.map((entity) => ['upsert', entity, 'Replace']));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/** Baseline (a): one upsertEntity per row, one after another: each number's change row, then its number row, then its index row. */
export async function upsertOneByOne(
  tables: { changes: TableClient; numbers: TableClient; index: TableClient },
  entities: SnapshotEntities,
  count: number,
): Promise<void> {
  for (let index = 0; index < count; index++) {
    const change = entities.changes[index];
    const number = entities.numbers[index];
    const indexRow = entities.index[index];
    if (!change || !number || !indexRow) throw new Error(`no entities for number ${index}`);
    await tables.changes.upsertEntity(change, 'Replace');
    await tables.numbers.upsertEntity(number, 'Replace');
    await tables.index.upsertEntity(indexRow, 'Replace');
  }
}
