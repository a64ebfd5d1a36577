import type { TableClient } from '@azure/data-tables';
import { odata } from '../storage/odata';
import { listAllEntities } from '../storage/listAllEntities';
import { runWithConcurrency } from '../storage/runWithConcurrency';
import { isNotFound } from '../storage/storageErrors';
import { diffColumns, fromNumberEntity, type DiffEntity, type NumberRow } from './numberEntity';

/** The tenant's stored keys, hashes and states: all a diff needs, a fraction of the rows' size. */
export async function readDiffIndex(numbers: TableClient, msTenantId: string): Promise<Map<string, DiffEntity>> {
  const rows = await listAllEntities<DiffEntity>(numbers, { filter: odata`PartitionKey eq ${msTenantId}`, select: [...diffColumns] });
  const index = new Map<string, DiffEntity>();
  for (const row of rows) if (row.rowKey !== undefined) index.set(row.rowKey, { rowKey: row.rowKey, contentHash: row.contentHash, state: row.state });
  return index;
}

// Past this many rows one partition scan is cheaper than point reads.
const pointReadLimit = 500;
const pointReadsInFlight = 16;

/** Full rows for the given numbers (to record `before` and keep `firstSeenAt`); missing ones are left out. */
export async function readNumberRows(numbers: TableClient, msTenantId: string, telephoneNumbers: readonly string[]): Promise<Map<string, NumberRow>> {
  const found = new Map<string, NumberRow>();
  if (telephoneNumbers.length > pointReadLimit) {
    const wanted = new Set(telephoneNumbers);
    for (const entity of await listAllEntities<Record<string, unknown>>(numbers, { filter: odata`PartitionKey eq ${msTenantId}` })) {
      if (entity.rowKey !== undefined && wanted.has(entity.rowKey)) found.set(entity.rowKey, fromNumberEntity(entity));
    }
    return found;
  }
  await runWithConcurrency(telephoneNumbers, pointReadsInFlight, async (telephoneNumber) => {
    try {
      found.set(telephoneNumber, fromNumberEntity(await numbers.getEntity<Record<string, unknown>>(msTenantId, telephoneNumber)));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  });
  return found;
}
