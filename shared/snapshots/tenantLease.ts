import type { TableClient } from '@azure/data-tables';
import type { Logger } from '../logging/logger';
import { isConflict, isNotFound, isPreconditionFailed } from '../storage/storageErrors';
import { storedProperties } from '../storage/storedEntity';
import { tenantStatePartition } from './runRows';
import { emptyTenantState, type TenantStateEntity } from './tenantState';

/** Another snapshot of the tenant held the lease for longer than we wait; the message is retried later. */
export class TenantBusyError extends Error {
  constructor(msTenantId: string) {
    super(`another snapshot of tenant ${msTenantId} is still running`);
    this.name = 'TenantBusyError';
  }
}

/** Our lease was taken over (we were too slow); we stop before writing anything else. */
export class LeaseLostError extends Error {
  constructor(msTenantId: string) {
    super(`the snapshot lease on tenant ${msTenantId} was lost`);
    this.name = 'LeaseLostError';
  }
}

export interface LeaseOptions {
  owner: string;
  leaseMs: number;
  /** How long to wait for a busy tenant; longer than leaseMs, so a crashed holder's lease always runs out first. */
  maxWaitMs: number;
  log: Logger;
}

type Stored = { entity: TenantStateEntity; etag: string } | undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A lease on the tenant's state row, by optimistic concurrency: every write is conditional on the
 * ETag we last saw, so exactly one snapshot of a tenant works at a time and one that lost its
 * lease cannot move the journal. See snapshotTenantNumbers.ts for why a lease was chosen.
 */
export class TenantLease {
  private constructor(
    private readonly table: TableClient,
    private current: TenantStateEntity,
    private etag: string,
    private readonly options: LeaseOptions,
  ) {}

  static async acquire(table: TableClient, msTenantId: string, options: LeaseOptions): Promise<TenantLease> {
    const deadline = Date.now() + options.maxWaitMs;
    let delayMs = 100;
    let waiting = false;
    for (;;) {
      const stored = await readState(table, msTenantId);
      const now = Date.now();
      if (!stored || !stored.entity.leaseOwner || (stored.entity.leaseUntil?.getTime() ?? 0) <= now) {
        const claimed = { ...(stored?.entity ?? emptyTenantState(msTenantId)), leaseOwner: options.owner, leaseUntil: new Date(now + options.leaseMs) };
        try {
          const response = stored ? await table.updateEntity(claimed, 'Replace', { etag: stored.etag }) : await table.createEntity(claimed);
          return new TenantLease(table, claimed, response.etag ?? '', options);
        } catch (error) {
          // Someone else claimed it between our read and write: look again.
          if (!isConflict(error) && !isPreconditionFailed(error)) throw error;
          continue;
        }
      }
      if (now >= deadline) throw new TenantBusyError(msTenantId);
      if (!waiting) options.log.info(`Tenant ${msTenantId} is being snapshotted by ${stored.entity.leaseOwner}; waiting for it to finish`);
      waiting = true;
      await sleep(Math.min(delayMs * (0.75 + Math.random() / 2), deadline - now));
      delayMs = Math.min(delayMs * 1.5, 2000);
    }
  }

  get state(): Readonly<TenantStateEntity> {
    return this.current;
  }

  /** Writes the state row (Replace: we hold all of it, and fields we drop must go) and extends the lease. */
  async save(next: TenantStateEntity): Promise<void> {
    await this.write({ ...next, leaseOwner: this.options.owner, leaseUntil: new Date(Date.now() + this.options.leaseMs) });
  }

  /** Extends the lease when less than `minRemainingMs` is left, before a long step. */
  async ensure(minRemainingMs: number): Promise<void> {
    if ((this.current.leaseUntil?.getTime() ?? 0) - Date.now() < minRemainingMs) await this.save(this.current);
  }

  /** Writes the state row a last time without the lease. */
  async release(next: TenantStateEntity = this.current): Promise<void> {
    const { leaseOwner: _owner, leaseUntil: _until, ...rest } = next;
    await this.write(rest);
  }

  private async write(next: TenantStateEntity): Promise<void> {
    try {
      const response = await this.table.updateEntity(next, 'Replace', { etag: this.etag });
      this.current = next;
      this.etag = response.etag ?? '';
    } catch (error) {
      if (isPreconditionFailed(error)) throw new LeaseLostError(next.msTenantId);
      throw error;
    }
  }
}

async function readState(table: TableClient, msTenantId: string): Promise<Stored> {
  try {
    const entity = await table.getEntity<TenantStateEntity>(tenantStatePartition, msTenantId);
    return { entity: storedProperties<TenantStateEntity>(entity), etag: entity.etag };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
