import type { TableClient } from '@azure/data-tables';
import { odata } from '../storage/odata';
import { isNotFound } from '../storage/storageErrors';
import { fromNumberEntity, type NumberRow } from '../snapshots/numberEntity';
import type { RowCursor } from './rowCursor';

export interface OperatorRow {
  msTenantId: string;
  row: NumberRow;
}

export interface RowScan {
  /** Sorted tenants to read, one partition each; undefined: the whole table. */
  tenants: readonly string[] | undefined;
  /** An OData condition the service applies (state, release time). */
  serverFilter: string | undefined;
  /** Start after this row. */
  after: RowCursor | undefined;
}

const pageSize = 1000;

/** Distinct JSON column texts shared per scan: capabilities and SBC lists repeat across most rows. */
const jsonTextsShared = 512;

/** JSON.parse that hands out one value per distinct text (up to a bound): the scan's rows are read, never changed. */
function sharedJsonParser(): (text: string) => unknown {
  const parsed = new Map<string, unknown>();
  return (text) => {
    if (parsed.has(text)) return parsed.get(text);
    const value = JSON.parse(text) as unknown;
    if (parsed.size < jsonTextsShared) parsed.set(text, value);
    return value;
  };
}

/**
 * ocNumbers rows in key order (tenant, then number), a service page at a time: the callers hold at
 * most a few pages, so an export of every tenant runs in constant memory. Rows with the same JSON
 * column text share its parsed value, so callers must not change rows in place.
 */
export async function* scanOperatorRows(numbers: TableClient, scan: RowScan): AsyncGenerator<OperatorRow[]> {
  const { after } = scan;
  const parseJson = sharedJsonParser();
  const targets: (string | undefined)[] = scan.tenants ? scan.tenants.filter((tenant) => !after || tenant >= after.msTenantId) : [undefined];
  for (const tenant of targets) {
    const conditions: string[] = [];
    if (tenant !== undefined) conditions.push(odata`PartitionKey eq ${tenant}`);
    if (after && (tenant === undefined || tenant === after.msTenantId)) {
      conditions.push(
        tenant === undefined
          ? odata`(PartitionKey gt ${after.msTenantId} or (PartitionKey eq ${after.msTenantId} and RowKey gt ${after.telephoneNumber}))`
          : odata`RowKey gt ${after.telephoneNumber}`,
      );
    }
    if (scan.serverFilter) conditions.push(scan.serverFilter);
    const filter = conditions.map((condition) => `(${condition})`).join(' and ');
    const pages = numbers.listEntities<Record<string, unknown>>({ queryOptions: filter ? { filter } : {} }).byPage({ maxPageSize: pageSize });
    try {
      for await (const page of pages) {
        if (page.length > 0) yield page.map((entity) => ({ msTenantId: entity.partitionKey as string, row: fromNumberEntity(entity, parseJson) }));
      }
    } catch (error) {
      // No snapshot has run yet, so there is no table: no rows.
      if (isNotFound(error)) return;
      throw error;
    }
  }
}
