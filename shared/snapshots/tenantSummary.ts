import type { NumberRecord } from '../numbers/numberRecord';
import { numberIndexVersion, type TenantStateEntity } from './tenantState';
import { isUnassigned } from './unassignedSince';

/**
 * A tenant's counts, kept in its state row at snapshot time so that listTenants reads no number row.
 * `released`: numbers now in state released; the others count active numbers.
 */
export interface TenantSummary {
  active: number;
  released: number;
  unassigned: number;
  byAssignmentStatus: Record<string, number>;
  byAcquiredNumberStatus: Record<string, number>;
  byIsoCountryCode: Record<string, number>;
}

/** The key a missing value is counted under in the `by…` counts. */
export const noValueKey = '(none)';

const textOf = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
const keyOf = (value: unknown) => (value === null || value === undefined || textOf(value).trim() === '' ? noValueKey : textOf(value));

export class TenantSummaryCounter {
  // No prototype: a status named "__proto__" is just a key.
  private readonly counts: TenantSummary = {
    active: 0,
    released: 0,
    unassigned: 0,
    byAssignmentStatus: noPrototype(),
    byAcquiredNumberStatus: noPrototype(),
    byIsoCountryCode: noPrototype(),
  };

  addActive(record: NumberRecord): void {
    const counts = this.counts;
    counts.active++;
    if (isUnassigned(record.assignmentStatus)) counts.unassigned++;
    bump(counts.byAssignmentStatus, keyOf(record.assignmentStatus));
    bump(counts.byAcquiredNumberStatus, keyOf(record.acquiredNumberStatus));
    bump(counts.byIsoCountryCode, keyOf(record.isoCountryCode));
  }

  addReleased(count: number): void {
    this.counts.released += count;
  }

  summary(): TenantSummary {
    return this.counts;
  }
}

const noPrototype = (): Record<string, number> => Object.create(null) as Record<string, number>;

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** The summary of a run whose active numbers are exactly its answer. */
export function summaryOfAnswer(records: readonly NumberRecord[], released: number): TenantSummary {
  const counter = new TenantSummaryCounter();
  for (const record of records) counter.addActive(record);
  counter.addReleased(released);
  return counter.summary();
}

export function parseSummary(text: string | undefined): TenantSummary | undefined {
  if (!text) return undefined;
  return JSON.parse(text) as TenantSummary;
}

export function unassignedShare(summary: TenantSummary): number {
  return summary.active === 0 ? 0 : summary.unassigned / summary.active;
}

/**
 * The counts a run knows without reading rows back: its answer is every active number unless releases
 * were withheld, and the released count follows from the diff. Undefined when the rows must be read
 * (releases withheld, or an unchanged answer with no summary stored yet).
 */
export function summaryOfRun(
  records: readonly NumberRecord[],
  run: {
    previouslyReleased: number | undefined;
    reactivated: number;
    released: number;
    withheld: boolean;
    unchangedAnswer: boolean;
    storedSummary: string | undefined;
  },
): TenantSummary | undefined {
  if (run.withheld) return undefined;
  if (run.unchangedAnswer) return parseSummary(run.storedSummary);
  if (run.previouslyReleased === undefined) return undefined;
  return summaryOfAnswer(records, run.previouslyReleased - run.reactivated + run.released);
}

/** What a finished run adds to the tenant's state row for the operator views (listTenants, findNumber). */
export function viewColumns(request: { channelId: number | null }, summary: TenantSummary, status: 'succeeded' | 'suspect'): Partial<TenantStateEntity> {
  return {
    ...(request.channelId === null ? {} : { channelId: request.channelId }),
    summary: JSON.stringify(summary),
    indexVersion: numberIndexVersion,
    lastOutcome: status,
    lastOutcomeAt: new Date(),
  };
}
