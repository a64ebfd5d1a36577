import type { TableClient, TableServiceClientOptions } from '@azure/data-tables';
import { createOnce } from './createOnce';
import { perConnection, tableClientFor, type StorageConnection } from './snapshotStorage';
import { snapshotTableNames, type SnapshotTableRole } from './tableNames';

/** The snapshot tables, each through its own client (tests give each its own pipeline policies). */
export type SnapshotTables = Record<SnapshotTableRole, TableClient>;

export type TableOptionsFor = (role: SnapshotTableRole) => TableServiceClientOptions;

export function openSnapshotTables(connection: StorageConnection, optionsFor: TableOptionsFor = () => ({})): SnapshotTables {
  const open = (role: SnapshotTableRole) => tableClientFor(connection, snapshotTableNames[role], optionsFor(role));
  return { numbers: open('numbers'), changes: open('changes'), runs: open('runs'), feed: open('feed'), index: open('index') };
}

/** Creates the tables on first use, once per process and table URL; a failed attempt is retried next time. */
export async function ensureSnapshotTables(tables: SnapshotTables): Promise<void> {
  // A TableClient's url is the account endpoint; the table name completes the key. createTable
  // already treats "table exists" as success.
  await Promise.all(Object.values(tables).map((table) => createOnce(`${table.url}/${table.tableName}`, () => table.createTable())));
}

/** The app's tables from the `SnapshotStorage` connection, reused while that setting stays the same. */
export const appSnapshotTables = perConnection((connection) => openSnapshotTables(connection));
