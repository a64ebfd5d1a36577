import type { TableEntity } from '@azure/data-tables';
import type { NumberRecord } from '../../shared/numbers/numberRecord';
import { toChangeEntity } from '../../shared/snapshots/changeEntity';
import type { NumberChange } from '../../shared/snapshots/numberChange';
import { changedFields } from '../../shared/snapshots/numberContent';
import { toNumberEntity } from '../../shared/snapshots/numberEntity';
import { toIndexEntity } from '../../shared/snapshots/numberIndex';
import { numberRowFor } from '../../shared/snapshots/numberRowFor';
import { manualRunId } from '../../shared/snapshots/runIds';

export interface SnapshotEntities {
  changes: TableEntity<Record<string, unknown>>[];
  numbers: TableEntity<Record<string, unknown>>[];
  index: TableEntity<Record<string, unknown>>[];
}

/**
 * Exactly the rows a first snapshot writes for these records (per number one ocNumberChanges row
 * `added`, one ocNumbers row and one ocNumberIndex row), built by the app's own mapping, for the
 * tenant `partitionKey`.
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
  const rows = changes.map((change) => numberRowFor(change, undefined));
  return {
    changes: changes.map(toChangeEntity),
    numbers: rows.map((row) => toNumberEntity(partitionKey, row)),
    index: rows.map((row) => toIndexEntity(partitionKey, row)),
  };
}
