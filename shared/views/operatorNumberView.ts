import { numberPredicate } from '../numbers/filterNumbers';
import type { NumberRecord } from '../numbers/numberRecord';
import { projectRecord } from '../numbers/projectRecord';
import { odata } from '../storage/odata';
import { effectiveUnassignedSince, isUnassigned } from '../snapshots/unassignedSince';
import type { OperatorNumbersQuery } from './operatorNumbersQuery';
import type { OperatorRow, RowScan } from './operatorRows';
import type { RowCursor } from './rowCursor';

/** One number as listOperatorNumbers shows it: the record (or the fields asked for) and what the snapshots keep beside it. */
export type OperatorNumberView = Partial<NumberRecord> & {
  msTenantId: string;
  state: 'active' | 'released';
  firstSeenAt: string;
  lastChangedAt: string;
  releasedAt: string | null;
  unassignedSince: string | null;
};

/** Columns beside the record's, in CSV order. */
export const operatorMetaColumns = ['state', 'firstSeenAt', 'lastChangedAt', 'releasedAt', 'unassignedSince'] as const;

const dayMs = 24 * 60 * 60 * 1000;
const empty = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/** The service-side part of the query (state, release time) and the scan's start. */
export function rowScanOf(query: OperatorNumbersQuery, after: RowCursor | undefined, now: Date): RowScan {
  let serverFilter: string | undefined = query.state === 'all' ? undefined : odata`state eq ${query.state}`;
  if (query.report === 'recentlyReleased') serverFilter = odata`state eq ${'released'} and releasedAt ge ${new Date(now.getTime() - query.days * dayMs)}`;
  return { tenants: query.tenants, serverFilter, after };
}

/** Everything else, row by row: the filters of getTenantNumbers and the report's own condition. */
export function operatorRowPredicate(query: OperatorNumbersQuery, now: Date): (row: OperatorRow) => boolean {
  const matchesFilters = numberPredicate(query.filters);
  const byReport = reportPredicate(query, now);
  return (candidate) => matchesFilters(candidate.row.record) && byReport(candidate);
}

function reportPredicate(query: OperatorNumbersQuery, now: Date): (row: OperatorRow) => boolean {
  switch (query.report) {
    case 'assignedWithoutEmergencyAddress':
      return ({ row }) =>
        row.meta.state === 'active' && !isUnassigned(row.record.assignmentStatus) && (empty(row.record.civicAddressId) || empty(row.record.locationId));
    case 'idleUnassigned': {
      const latest = now.getTime() - query.days * dayMs;
      return ({ row }) => {
        const since = effectiveUnassignedSince(row.record, row.meta);
        return since !== null && since.getTime() <= latest;
      };
    }
    case 'recentlyReleased': {
      const earliest = now.getTime() - query.days * dayMs;
      return ({ row }) => row.meta.state === 'released' && row.meta.releasedAt !== null && row.meta.releasedAt.getTime() >= earliest;
    }
    case undefined:
      return () => true;
  }
}

export function operatorNumberView({ msTenantId, row }: OperatorRow, fields: OperatorNumbersQuery['fields']): OperatorNumberView {
  const record = fields ? projectRecord(row.record, fields) : row.record;
  const since = effectiveUnassignedSince(row.record, row.meta);
  return {
    ...record,
    msTenantId,
    state: row.meta.state,
    firstSeenAt: row.meta.firstSeenAt.toISOString(),
    lastChangedAt: row.meta.lastChangedAt.toISOString(),
    releasedAt: row.meta.releasedAt?.toISOString() ?? null,
    unassignedSince: since?.toISOString() ?? null,
  };
}
