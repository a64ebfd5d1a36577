import type { TableClient } from '@azure/data-tables';
import { decodeLedger, emptyLedger, encodeLedger, type Ledger } from './budgetLedger';
import type { LedgerStore } from './sharedRateBudget';
import { tableClientFor, type StorageConnection } from '../storage/snapshotStorage';
import { isConflict, isNotFound, isPreconditionFailed } from '../storage/storageErrors';

/** The shared Live Platform budget: one row in this table of the `SnapshotStorage` account (docs/tables.md). */
export const budgetTableName = 'ocLiveBudget';
const partitionKey = 'liveBudget';
const defaultRowKey = 'livePlatform';
/**
 * A lookup never waits long on the budget store: no SDK retries (a lost race is answered by
 * reading again, an outage by the fallback share), and every operation is bounded in time.
 */
const operationTimeoutMs = 2_000;

/** The Timestamp the storage service stamped on a write, from its ETag: W/"datetime'2026-11-30T10%3A11%3A14.7908898Z'". */
export function stampOfEtag(etag: string): number {
  const match = /datetime'([^']+)'/.exec(etag);
  const stamp = match ? parseStorageTime(decodeURIComponent(match[1] as string)) : Number.NaN;
  if (!Number.isFinite(stamp)) throw new Error('the budget row ETag carries no timestamp');
  return stamp;
}

/** An ISO time with up to seven fractional digits, to the fraction of a millisecond. */
export function parseStorageTime(text: string): number {
  const match = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(text);
  if (!match) return Number.NaN;
  return Date.parse(`${match[1] as string}Z`) + (match[2] ? Number(`0${match[2]}`) * 1000 : 0);
}

export class TableLedgerStore implements LedgerStore {
  private readonly table: TableClient;
  private tableCreated = false;

  /** `rowKey`: one row per budget (tests keep theirs apart). */
  constructor(
    connection: StorageConnection,
    private readonly rowKey = defaultRowKey,
  ) {
    this.table = tableClientFor(connection, budgetTableName, { retryOptions: { maxRetries: 0 } });
  }

  async read(): Promise<{ ledger: Ledger; etag: string | null }> {
    try {
      const entity = await this.table.getEntity<Record<string, unknown>>(partitionKey, this.rowKey, { abortSignal: AbortSignal.timeout(operationTimeoutMs) });
      return { ledger: decodeLedger(entity, parseStorageTime(String(entity.timestamp ?? ''))), etag: entity.etag };
    } catch (error) {
      if (!isNotFound(error)) throw error;
      if (!this.tableCreated) {
        // createTable treats "already exists" as success.
        await this.table.createTable({ abortSignal: AbortSignal.timeout(operationTimeoutMs) });
        this.tableCreated = true;
      }
      return { ledger: emptyLedger(), etag: null };
    }
  }

  async write(ledger: Ledger, etag: string | null): Promise<{ etag: string; stamp: number } | 'conflict'> {
    const entity = { partitionKey, rowKey: this.rowKey, ...encodeLedger(ledger) };
    const options = { abortSignal: AbortSignal.timeout(operationTimeoutMs) };
    try {
      const response = etag === null ? await this.table.createEntity(entity, options) : await this.table.updateEntity(entity, 'Replace', { ...options, etag });
      const written = response.etag ?? '';
      return { etag: written, stamp: stampOfEtag(written) };
    } catch (error) {
      // 404: the row or the table went away (a storage account recreated); the next read recreates the table.
      if (isNotFound(error)) this.tableCreated = false;
      if (isConflict(error) || isPreconditionFailed(error) || isNotFound(error)) return 'conflict';
      throw error;
    }
  }
}
