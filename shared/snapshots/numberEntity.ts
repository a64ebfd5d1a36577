import type { TableEntity } from '@azure/data-tables';
import { numberRecordFields, type NumberRecord, type NumberRecordField } from '../numbers/numberRecord';

export type NumberState = 'active' | 'released';

/** What ocNumbers keeps beside the record (docs/api.md "Tables"). */
export interface NumberRowMeta {
  state: NumberState;
  firstSeenAt: Date;
  lastChangedAt: Date;
  lastChangeRunId: string;
  releasedAt: Date | null;
  contentHash: string;
  /** Active and unassigned: when a run first saw it so (see unassignedSince.ts); otherwise null. */
  unassignedSince: Date | null;
}

export interface NumberRow {
  record: NumberRecord;
  meta: NumberRowMeta;
}

/** Columns read to diff a tenant: keys, hash and state only. */
export const diffColumns = ['RowKey', 'contentHash', 'state'] as const;

export interface DiffEntity {
  rowKey: string;
  contentHash: string;
  state: NumberState;
}

const jsonColumns: ReadonlySet<NumberRecordField> = new Set(['acquiredCapabilities', 'availableCapabilities', 'sbcList', 'extra']);
const arrayColumns: ReadonlySet<NumberRecordField> = new Set(['acquiredCapabilities', 'availableCapabilities', 'sbcList']);

/**
 * One ocNumbers row: arrays and objects as JSON text, numbers typed Edm.Double (an id above Int32
 * would otherwise be refused), null fields left out (in Replace mode an absent column is null).
 */
export function toNumberEntity(msTenantId: string, row: NumberRow): TableEntity<Record<string, unknown>> {
  const entity: TableEntity<Record<string, unknown>> = { partitionKey: msTenantId, rowKey: row.record.telephoneNumber };
  for (const field of numberRecordFields) {
    const value = row.record[field];
    if (value === null || value === undefined) continue;
    if (jsonColumns.has(field)) entity[field] = JSON.stringify(value);
    else if (typeof value === 'number') entity[field] = { value, type: 'Double' };
    else entity[field] = value;
  }
  const { meta } = row;
  entity['state'] = meta.state;
  entity['firstSeenAt'] = meta.firstSeenAt;
  entity['lastChangedAt'] = meta.lastChangedAt;
  entity['lastChangeRunId'] = meta.lastChangeRunId;
  if (meta.releasedAt) entity['releasedAt'] = meta.releasedAt;
  entity['contentHash'] = meta.contentHash;
  if (meta.unassignedSince) entity['unassignedSince'] = meta.unassignedSince;
  return entity;
}

/**
 * `parseJson` reads the JSON columns; a reader of many rows may pass one that hands out the same
 * value for the same text (its rows must then not be changed in place).
 */
export function fromNumberEntity(entity: Record<string, unknown>, parseJson: (text: string) => unknown = JSON.parse): NumberRow {
  const record: Record<string, unknown> = {};
  for (const field of numberRecordFields) {
    const value = entity[field];
    if (jsonColumns.has(field)) {
      if (typeof value === 'string') record[field] = parseJson(value);
      else if (arrayColumns.has(field)) record[field] = [];
    } else {
      record[field] = value ?? null;
    }
  }
  record['telephoneNumber'] = entity['rowKey'];
  return {
    record: record as unknown as NumberRecord,
    meta: {
      state: entity['state'] as NumberState,
      firstSeenAt: entity['firstSeenAt'] as Date,
      lastChangedAt: entity['lastChangedAt'] as Date,
      lastChangeRunId: entity['lastChangeRunId'] as string,
      releasedAt: (entity['releasedAt'] as Date | undefined) ?? null,
      contentHash: entity['contentHash'] as string,
      unassignedSince: (entity['unassignedSince'] as Date | undefined) ?? null,
    },
  };
}
