import type { TableClient, TableEntityQueryOptions, TableEntityResult } from '@azure/data-tables';

/** Every entity matching the query, read page by page (1,000 per page, the service maximum). */
export async function listAllEntities<T extends object>(table: TableClient, queryOptions: TableEntityQueryOptions): Promise<TableEntityResult<T>[]> {
  const rows: TableEntityResult<T>[] = [];
  for await (const page of table.listEntities<T>({ queryOptions }).byPage({ maxPageSize: 1000 })) rows.push(...page);
  return rows;
}
