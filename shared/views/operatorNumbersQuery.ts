import type { NumberFilters } from '../numbers/numberQuery';
import type { NumberRecordField } from '../numbers/numberRecord';

/** Query of listOperatorNumbers: the filters of getTenantNumbers, tenants, state, the reports and three formats. */
export const operatorReports = ['assignedWithoutEmergencyAddress', 'idleUnassigned', 'recentlyReleased'] as const;
export type OperatorReport = (typeof operatorReports)[number];
export const numberStates = ['active', 'released', 'all'] as const;
export type StateFilter = (typeof numberStates)[number];
export const operatorFormats = ['json', 'csv', 'ndjson'] as const;
export type OperatorFormat = (typeof operatorFormats)[number];

export const defaultReportDays = 30;

export interface OperatorNumbersQuery {
  filters: NumberFilters;
  /** Sorted, lower case, deduplicated, never outside ALLOWED_TENANTS; undefined: every tenant (no ALLOWED_TENANTS). */
  tenants: string[] | undefined;
  state: StateFilter;
  report: OperatorReport | undefined;
  /** idleUnassigned: minimum days unassigned; recentlyReleased: released within this many days. */
  days: number;
  fields: NumberRecordField[] | null;
  format: OperatorFormat | null;
  /** Given: one page of this size; absent: JSON pages of 1,000, or CSV/NDJSON of every matching row. */
  top: number | undefined;
  continuation: string | undefined;
}
