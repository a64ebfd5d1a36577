import type { NumberRecord } from '../numbers/numberRecord';
import type { NumberState } from '../snapshots/numberEntity';
import type { TenantSummary } from '../snapshots/tenantSummary';
import type { OperatorNumberView } from './operatorNumberView';

/** The answer bodies of findNumber, listOperatorNumbers and listTenants (documented in shared/api/schemas/viewSchemas.ts). */

export interface NumberHolderView {
  msTenantId: string;
  state: NumberState;
  firstSeenAt: string;
  lastChangedAt: string;
  releasedAt: string | null;
}

export type CurrentNumberView = NumberRecord & {
  msTenantId: string;
  state: 'active';
  firstSeenAt: string;
  lastChangedAt: string;
  unassignedSince: string | null;
};

export interface FoundNumberBody {
  telephoneNumber: string;
  current: CurrentNumberView | null;
  holders: NumberHolderView[];
}

export interface OperatorNumberListBody {
  source: 'snapshot';
  count: number;
  value: OperatorNumberView[];
  nextLink?: string | undefined;
  warnings: never[];
}

export type TenantView = {
  msTenantId: string;
  channelId: number | null;
  unassignedShare: number | null;
  lastSucceededAt: string | null;
  lastRunId: string | null;
  lastOutcome: 'succeeded' | 'suspect' | 'failed' | null;
} & { [K in keyof TenantSummary]: TenantSummary[K] | null };

export interface TenantListBody {
  count: number;
  value: TenantView[];
  nextLink?: string | undefined;
}

/** A tenant view's fields in their order: the CSV's columns and the schema's required list. */
export const tenantViewFields: readonly (keyof TenantView)[] = [
  'msTenantId',
  'channelId',
  'active',
  'released',
  'unassigned',
  'unassignedShare',
  'byAssignmentStatus',
  'byAcquiredNumberStatus',
  'byIsoCountryCode',
  'lastSucceededAt',
  'lastRunId',
  'lastOutcome',
];
