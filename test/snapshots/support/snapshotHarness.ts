import { odata } from '@azure/data-tables';
import { getSettings } from '../../../shared/config/settings';
import { getLivePlatformClient } from '../../../shared/live-platform/livePlatform';
import type { Logger } from '../../../shared/logging/logger';
import { fromChangeEntity } from '../../../shared/snapshots/changeEntity';
import type { NumberChange } from '../../../shared/snapshots/numberChange';
import { fromNumberEntity, type NumberRow } from '../../../shared/snapshots/numberEntity';
import { fromIndexEntity, indexBlockOf, parseIndexRowKey } from '../../../shared/snapshots/numberIndex';
import { tenantStatePartition } from '../../../shared/snapshots/runRows';
import type { TenantStateEntity } from '../../../shared/snapshots/tenantState';
import { parseSummary, TenantSummaryCounter, type TenantSummary } from '../../../shared/snapshots/tenantSummary';
import type { FetchTenantNumbers, SnapshotDependencies } from '../../../shared/snapshots/snapshotTenantNumbers';
import { listAllEntities } from '../../../shared/storage/listAllEntities';
import { openSnapshotTables, type SnapshotTables, type TableOptionsFor } from '../../../shared/storage/snapshotTables';

/** Log lines of one test, checked for content where it matters. */
export function collectingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) };
}

export function tablesOn(connectionString: string, optionsFor?: TableOptionsFor): SnapshotTables {
  return openSnapshotTables({ kind: 'connectionString', connectionString }, optionsFor);
}

/** The suite's Azurite (globalSetup). */
export function suiteConnectionString(): string {
  const value = process.env['SnapshotStorage'];
  if (!value) throw new Error('SnapshotStorage is not set: is jest running with test/support/globalSetup.ts?');
  return value;
}

/** The sandbox Live Platform through the app's own client, as the worker calls it. */
export const sandboxFetch: FetchTenantNumbers = (msTenantId, call) =>
  getLivePlatformClient(getSettings()).fetchTenantNumbers(msTenantId, { ...call, waitForBudget: true });

export function snapshotDeps(tables: SnapshotTables, overrides: Partial<SnapshotDependencies> = {}): SnapshotDependencies {
  return { tables, fetchTenantNumbers: sandboxFetch, schemaMode: 'report', maxRemovalRatio: 0.5, log: collectingLogger(), ...overrides };
}

export async function numberRows(tables: SnapshotTables, msTenantId: string): Promise<Map<string, NumberRow>> {
  const rows = await listAllEntities<Record<string, unknown>>(tables.numbers, { filter: odata`PartitionKey eq ${msTenantId}` });
  return new Map(rows.map((row) => [row.rowKey as string, fromNumberEntity(row)]));
}

export async function changeRows(tables: SnapshotTables, msTenantId: string): Promise<NumberChange[]> {
  const rows = await listAllEntities<Record<string, unknown>>(tables.changes, { filter: odata`PartitionKey eq ${msTenantId}` });
  return rows.map(fromChangeEntity);
}

/** "changeType telephoneNumber" of each change row, sorted: easy to compare with what must be there exactly once. */
export function changeKeys(changes: readonly NumberChange[]): string[] {
  return changes.map((change) => `${change.changeType} ${change.telephoneNumber}`).sort();
}

/**
 * The tenant's ocNumberIndex rows by number: every row of the table is read (fine for a test's small
 * table), so a stray row of the tenant anywhere counts, and each must sit in its number's block.
 * Rows of the first layout (RowKey = msTenantId) are not the tenant's index: firstLayoutRows has them.
 */
export async function indexRows(tables: SnapshotTables, msTenantId: string): Promise<Map<string, NumberRow>> {
  const rows = await listAllEntities<Record<string, unknown>>(tables.index, {});
  const found = new Map<string, NumberRow>();
  for (const row of rows) {
    const keys = parseIndexRowKey(row.rowKey as string);
    if (keys?.msTenantId !== msTenantId) continue;
    if (row.partitionKey !== indexBlockOf(keys.telephoneNumber)) throw new Error(`index row ${String(row.rowKey)} is in partition ${String(row.partitionKey)}`);
    found.set(keys.telephoneNumber, fromIndexEntity(row).row);
  }
  return found;
}

/** The tenant's rows of the first index layout (PartitionKey = number, RowKey = msTenantId): their numbers. */
export async function firstLayoutRows(tables: SnapshotTables, msTenantId: string): Promise<string[]> {
  const rows = await listAllEntities<Record<string, unknown>>(tables.index, { filter: odata`RowKey eq ${msTenantId}` });
  return rows.map((row) => row.partitionKey as string).sort();
}

/** The tenant's summary as its state row keeps it. */
export async function storedSummary(tables: SnapshotTables, msTenantId: string): Promise<TenantSummary | undefined> {
  const state = await tables.runs.getEntity<TenantStateEntity>(tenantStatePartition, msTenantId);
  return parseSummary(state.summary);
}

/** The summary the tenant's rows give when counted one by one. */
export function summaryOfRows(rows: ReadonlyMap<string, NumberRow>): TenantSummary {
  const counter = new TenantSummaryCounter();
  for (const row of rows.values()) {
    if (row.meta.state === 'active') counter.addActive(row.record);
    else counter.addReleased(1);
  }
  return counter.summary();
}
