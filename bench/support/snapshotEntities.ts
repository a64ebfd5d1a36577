import type { TableEntity } from '@azure/data-tables';
import type { NumberRecord } from '../../shared/numbers/numberRecord';
import { toChangeEntity } from '../../shared/snapshots/changeEntity';
import type { NumberChange } from '../../shared/snapshots/numberChange';
import { changedFields } from '../../shared/snapshots/numberContent';
import { toNumberEntity } from '../../shared/snapshots/numberEntity';
import { numberRowFor } from '../../shared/snapshots/numberRowFor';
import { manualRunId } from '../../shared/snapshots/runIds';

export interface SnapshotEntities {
  changes: TableEntity<Record<string, unknown>>[];
  numbers: TableEntity<Record<string, unknown>>[];
}

/**
 * Exactly the rows a first snapshot writes for these records (one ocNumberChanges row `added` and
 * one ocNumbers row per number), built by the app's own mapping, under `partitionKey`.
 */
export function firstSnapshotEntities(records: readonly NumberRecord[], partitionKey: string): SnapshotEntities {
  const detectedAt = new Date();
  const runId = manualRunId(detectedAt.getTime());
  const changes = records.map((record): NumberChange => ({
    msTenantId: partitionKey,
    telephoneNumber: record.telephoneNumber,
    changeType: 'added',
    changedFields: changedFields(null, record),
    before: null,
    after: record,
    runId,
    detectedAt,
  }));
  return {
    changes: changes.map(toChangeEntity),
    numbers: changes.map((change) => toNumberEntity(partitionKey, numberRowFor(change, undefined))),
  };
}
