import { numberRecordFields } from '../../numbers/numberRecord';
import { changeTypes, type NumberChange } from '../../snapshots/numberChange';
import type { RunView, TenantOutcomeView } from '../../snapshots/readRuns';
import { runIdPattern } from '../../snapshots/runIds';
import type { RunStatus, RunTrigger, TenantCounts, TenantStatus } from '../../snapshots/runRows';
import {
  componentRef,
  count,
  dateTime,
  dateTimeOrNull,
  enumOf,
  nullable,
  objectSchema,
  pageProperties,
  tenantIdSchema,
  textOrNull,
  type PropertySchemas,
  type JsonSchema,
} from './jsonSchema';

const runId: JsonSchema = {
  type: 'string',
  pattern: runIdPattern,
  title: 'Run ID',
  description: 'The snapshot run: 16 digits that sort newest first, then scheduled or manual-<6 hex digits>.',
};
const channelIdOrNull: JsonSchema = {
  type: ['integer', 'null'],
  format: 'int32',
  title: 'Channel ID',
  description: 'The Live Platform channel, or null for the default.',
};
const durationOrNull: JsonSchema = {
  type: ['integer', 'null'],
  format: 'int64',
  minimum: 0,
  title: 'Duration (ms)',
  description: 'How long it took, in milliseconds; null while running.',
};

/** One change as the HTTP API shows it: the tenant is the route's, the time is ISO 8601. */
export type NumberChangeView = Omit<NumberChange, 'msTenantId' | 'detectedAt'> & { detectedAt: string };

export interface ChangesPageBody {
  msTenantId: string;
  count: number;
  value: NumberChangeView[];
  nextLink?: string | undefined;
}

export interface RunsPageBody {
  count: number;
  value: RunView[];
  nextLink?: string | undefined;
}

export interface SnapshotRequestedBody {
  runId: string;
  msTenantId: string;
  channelId: number | null;
  force: boolean;
  status: 'queued' | 'pending';
}

/** A change's own fields, as the tenant history shows them; the feed adds the change's id and tenant (feedSchemas.ts). */
export const numberChangeProperties: PropertySchemas<NumberChangeView> = {
  telephoneNumber: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$', title: 'Telephone Number', description: 'The number in E.164 form.' },
  changeType: {
    type: 'string',
    enum: [...changeTypes],
    title: 'Change Type',
    description: 'added, changed, released (gone from the Live Platform) or reactivated (back again).',
  },
  changedFields: {
    type: 'array',
    items: { type: 'string', enum: [...numberRecordFields] },
    title: 'Changed Fields',
    description: 'The record fields that differ between before and after.',
  },
  before: { ...nullable(componentRef('NumberRecord')), title: 'Before', description: 'The number before the change; null when added.' },
  after: { ...nullable(componentRef('NumberRecord')), title: 'After', description: 'The number after the change; null when released.' },
  runId,
  detectedAt: dateTime('Detected At', 'When the snapshot detected the change.'),
};

export const numberChangeSchema = objectSchema<NumberChangeView>({
  title: 'Number Change',
  description: 'One change a snapshot detected in a number.',
  required: ['telephoneNumber', 'changeType', 'changedFields', 'before', 'after', 'runId', 'detectedAt'],
  properties: numberChangeProperties,
});

export const changesPageSchema = objectSchema<ChangesPageBody>({
  title: 'Change List',
  description: "One page of a tenant's changes, newest first. Follow nextLink for the next page.",
  required: ['msTenantId', 'count', 'value'],
  properties: {
    msTenantId: tenantIdSchema,
    ...pageProperties('changes', 'NumberChange', 'Changes', 'The changes of this page, newest first.'),
  },
});

const tenantCountProperties = {
  added: count('Added', 'Numbers new to the tenant.'),
  changed: count('Changed', 'Numbers whose record changed.'),
  released: count('Released', 'Numbers the Live Platform no longer lists.'),
  reactivated: count('Reactivated', 'Released numbers listed again.'),
  unchanged: count('Unchanged', 'Numbers with no change.'),
  withheldReleases: count('Withheld Releases', 'Releases the mass-removal guard held back (status suspect).'),
};

export const tenantCountsSchema = objectSchema<TenantCounts>({
  title: 'Counts',
  description: 'What a snapshot found, number by number.',
  required: ['added', 'changed', 'released', 'reactivated', 'unchanged', 'withheldReleases'],
  properties: tenantCountProperties,
});

export const tenantOutcomeSchema = objectSchema<TenantOutcomeView>({
  title: 'Tenant Outcome',
  description: "One tenant's result in a snapshot run.",
  required: [
    'msTenantId',
    'channelId',
    'status',
    'added',
    'changed',
    'released',
    'reactivated',
    'unchanged',
    'withheldReleases',
    'attempts',
    'startedAt',
    'finishedAt',
    'durationMs',
    'droppedRecords',
    'duplicateNumbers',
    'error',
    'eventsError',
  ],
  properties: {
    msTenantId: tenantIdSchema,
    channelId: channelIdOrNull,
    status: {
      type: 'string',
      enum: enumOf<TenantStatus>({ running: true, succeeded: true, suspect: true, failed: true }),
      title: 'Status',
      description: 'running, succeeded, suspect (releases withheld by the mass-removal guard) or failed.',
    },
    ...tenantCountProperties,
    attempts: count('Attempts', 'Queue deliveries so far.'),
    startedAt: dateTime('Started At', 'When the tenant was first picked up.'),
    finishedAt: dateTimeOrNull('Finished At', 'When the tenant finished; null while running.'),
    durationMs: durationOrNull,
    droppedRecords: count('Dropped Records', 'Records the Live Platform sent that failed the core schema.'),
    duplicateNumbers: count('Duplicate Numbers', 'Numbers the Live Platform listed more than once.'),
    error: textOrNull('Error', 'Why the tenant failed, in words; never a secret or an upstream body.'),
    eventsError: textOrNull('Events Error', 'Why publishing change events to Event Grid stopped after this run (later runs send them again); null otherwise.'),
  },
});

export const snapshotRunSchema = objectSchema<RunView>({
  title: 'Snapshot Run',
  description: 'A snapshot run and the outcome of each of its tenants.',
  required: ['runId', 'trigger', 'status', 'startedAt', 'scheduledFor', 'force', 'tenantCount', 'reportedCount', 'totals', 'error', 'tenants'],
  properties: {
    runId,
    trigger: { type: 'string', enum: enumOf<RunTrigger>({ schedule: true, manual: true }), title: 'Trigger', description: 'schedule or manual.' },
    status: {
      type: 'string',
      enum: enumOf<RunStatus>({ running: true, succeeded: true, partial: true, failed: true, suspect: true }),
      title: 'Status',
      description: 'running until every tenant has an outcome, then succeeded, partial (some tenants failed), failed or suspect.',
    },
    startedAt: dateTime('Started At', 'When the run started.'),
    scheduledFor: dateTimeOrNull('Scheduled For', 'The schedule slot of a scheduled run; null for a manual one.'),
    force: { type: 'boolean', title: 'Force', description: 'Whether the mass-removal guard was lifted.' },
    tenantCount: {
      type: ['integer', 'null'],
      format: 'int32',
      minimum: 0,
      title: 'Tenant Count',
      description: 'How many tenants the run covers; null while they are being found.',
    },
    reportedCount: count('Reported Count', 'Tenants with a final outcome so far.'),
    totals: { ...componentRef('TenantCounts'), title: 'Totals', description: 'The counts of the tenants shown, added up.' },
    error: textOrNull('Error', 'Why the run could not be dispatched; null otherwise.'),
    tenants: {
      type: 'array',
      items: componentRef('TenantOutcome'),
      title: 'Tenants',
      description: "Each tenant's outcome (only ALLOWED_TENANTS when that is set).",
    },
  },
});

export const runsPageSchema = objectSchema<RunsPageBody>({
  title: 'Run List',
  description: 'Snapshot runs, newest first. Follow nextLink for the next page.',
  required: ['count', 'value'],
  properties: {
    ...pageProperties('runs', 'SnapshotRun', 'Runs', 'The runs of this page, newest first.'),
  },
});

export const snapshotRequestedSchema = objectSchema<SnapshotRequestedBody>({
  title: 'Snapshot Requested',
  description: "The tenant's requested snapshot run; the Location header points at its progress.",
  required: ['runId', 'msTenantId', 'channelId', 'force', 'status'],
  properties: {
    runId,
    msTenantId: tenantIdSchema,
    channelId: channelIdOrNull,
    force: { type: 'boolean', title: 'Force', description: 'Whether the mass-removal guard is lifted for this run.' },
    status: {
      type: 'string',
      enum: ['queued', 'pending'],
      title: 'Status',
      description:
        "queued: this request queued the run; pending: the tenant's earlier requested run is still queued or running, and is the answer (nothing new was queued). Follow Location for progress.",
    },
  },
});
