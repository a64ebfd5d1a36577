/** Something about the upstream answer a caller should know; never fatal in `report` mode. */
export interface RecordWarning {
  code: 'recordsDropped' | 'unknownField' | 'unexpectedType' | 'fieldDropped';
  detail: string;
  field?: string;
  count: number;
}
