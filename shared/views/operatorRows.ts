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

/**
 * ocNumbers rows in key order (tenant, then number), a service page at a time: the callers hold at
 * most one page, so an export of every tenant runs in constant memory.
 */
export async function* scanOperatorRows(numbers: TableClient, scan: RowScan): AsyncGenerator<OperatorRow[]> {
  const { after } = scan;
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
        if (page.length > 0) yield page.map((entity) => ({ msTenantId: entity.partitionKey as string, row: fromNumberEntity(entity) }));
      }
    } catch (error) {
      // No snapshot has run yet, so there is no table: no rows.
      if (isNotFound(error)) return;
      throw error;
    }
  }
}
