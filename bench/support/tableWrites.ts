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

/** Baseline (b): the rows as raw entity-group transactions of 100, `inFlight` at a time; no reads, no diff. */
export async function submitInBatches(table: TableClient, entities: readonly TableEntity<Record<string, unknown>>[], inFlight: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < entities.length) {
      const batch = entities.slice(next, next + batchSize);
      next += batchSize;
      await table.submitTransaction(batch.map((entity) => ['upsert', entity, 'Replace']));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/** Baseline (a): one upsertEntity per row, one after another: each number's change row, then its number row. */
export async function upsertOneByOne(tables: { changes: TableClient; numbers: TableClient }, entities: SnapshotEntities, count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    const change = entities.changes[index];
    const number = entities.numbers[index];
    if (!change || !number) throw new Error(`no entities for number ${index}`);
    await tables.changes.upsertEntity(change, 'Replace');
    await tables.numbers.upsertEntity(number, 'Replace');
  }
}
