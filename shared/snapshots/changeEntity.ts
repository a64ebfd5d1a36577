import type { TableEntity } from '@azure/data-tables';
import type { NumberRecord, NumberRecordField } from '../numbers/numberRecord';
import { changeRowKey, type ChangeType, type NumberChange } from './numberChange';

/** One ocNumberChanges row; `before`/`after` are the whole NumberRecord as JSON, absent when null. */
export function toChangeEntity(change: NumberChange): TableEntity<Record<string, unknown>> {
  const entity: TableEntity<Record<string, unknown>> = {
    partitionKey: change.msTenantId,
    rowKey: changeRowKey(change.detectedAt, change.runId, change.telephoneNumber),
    msTenantId: change.msTenantId,
    telephoneNumber: change.telephoneNumber,
    changeType: change.changeType,
    changedFields: JSON.stringify(change.changedFields),
    runId: change.runId,
    detectedAt: change.detectedAt,
  };
  if (change.before) entity['before'] = JSON.stringify(change.before);
  if (change.after) entity['after'] = JSON.stringify(change.after);
  return entity;
}

export function fromChangeEntity(entity: Record<string, unknown>): NumberChange {
  const json = (name: string) => (typeof entity[name] === 'string' ? (JSON.parse(entity[name]) as NumberRecord) : null);
  return {
    msTenantId: entity['partitionKey'] as string,
    telephoneNumber: entity['telephoneNumber'] as string,
    changeType: entity['changeType'] as ChangeType,
    changedFields: JSON.parse(entity['changedFields'] as string) as NumberRecordField[],
    before: json('before'),
    after: json('after'),
    runId: entity['runId'] as string,
    detectedAt: entity['detectedAt'] as Date,
  };
}
