import {
  tenantViewFields,
  type FoundNumberBody,
  type NumberHolderView,
  type OperatorNumberListBody,
  type TenantListBody,
  type TenantView,
} from '../../views/viewBodies';
import type { OperatorNumberView } from '../../views/operatorNumberView';
import { componentRef, dateTime, dateTimeOrNull, nullable, objectSchema, pageProperties, tenantIdSchema, type JsonSchema } from './jsonSchema';
import { numberRecordSchema } from './numberSchemas';

const state: JsonSchema = {
  type: 'string',
  enum: ['active', 'released'],
  title: 'State',
  description: 'active, or released (the Live Platform no longer lists it for this tenant).',
};
const firstSeenAt = dateTime('First Seen At', 'When a snapshot first saw the tenant hold the number (the start of this holding).');
const lastChangedAt = dateTime('Last Changed At', 'When a snapshot last saw the number change for this tenant.');
const releasedAt = dateTimeOrNull('Released At', 'When the number was released from this tenant; null while active.');
const unassignedSince = dateTimeOrNull(
  'Unassigned Since',
  'Active and unassigned: when a snapshot first saw it unassigned (without a break since); otherwise null.',
);
const recordProperties = numberRecordSchema['properties'] as Record<string, JsonSchema>;

export const numberHolderSchema = objectSchema<NumberHolderView>({
  title: 'Number Holder',
  description: 'A tenant that holds or held the number.',
  required: ['msTenantId', 'state', 'firstSeenAt', 'lastChangedAt', 'releasedAt'],
  properties: { msTenantId: tenantIdSchema, state, firstSeenAt, lastChangedAt, releasedAt },
});

export const foundNumberSchema = objectSchema<FoundNumberBody>({
  title: 'Found Number',
  description: 'Who holds a number now, and every tenant that held it, from the snapshots.',
  required: ['telephoneNumber', 'current', 'holders'],
  properties: {
    telephoneNumber: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$', title: 'Telephone Number', description: 'The number in E.164 form.' },
    current: {
      ...nullable({
        type: 'object',
        title: 'Current Holding',
        description: 'The active record, with its tenant and snapshot times.',
        properties: {
          ...recordProperties,
          msTenantId: tenantIdSchema,
          state: { type: 'string', enum: ['active'], title: 'State', description: 'Always active.' },
          firstSeenAt,
          lastChangedAt,
          unassignedSince,
        },
        required: ['telephoneNumber', 'msTenantId', 'state', 'firstSeenAt', 'lastChangedAt'],
        additionalProperties: false,
      }),
      title: 'Current',
      description: 'The record of the tenant that holds it now; null when no visible tenant holds it.',
    },
    holders: {
      type: 'array',
      items: componentRef('NumberHolder'),
      title: 'Holders',
      description: 'Every visible tenant that holds or held it, newest holding first.',
    },
  },
});

export const operatorNumberSchema: JsonSchema = {
  ...objectSchema<OperatorNumberView>({
    title: 'Operator Number',
    description: "A number of one of the operator's customers, from the snapshots: the record (or the fields asked for), its tenant and snapshot times.",
    required: ['msTenantId', 'state', 'firstSeenAt', 'lastChangedAt', 'releasedAt', 'unassignedSince'],
    properties: {
      ...(recordProperties as Record<Exclude<keyof OperatorNumberView, number | symbol>, JsonSchema>),
      msTenantId: tenantIdSchema,
      state,
      firstSeenAt,
      lastChangedAt,
      releasedAt,
      unassignedSince,
    },
  }),
};

export const operatorNumberListSchema = objectSchema<OperatorNumberListBody>({
  title: 'Operator Number List',
  description: "One page of every customer's numbers from the snapshots. Follow nextLink for the next page.",
  required: ['source', 'count', 'value', 'warnings'],
  properties: {
    source: { type: 'string', enum: ['snapshot'], title: 'Data Source', description: 'Always snapshot: read from Table Storage, never the Live Platform.' },
    ...pageProperties('numbers', 'OperatorNumber', 'Numbers', 'The numbers of this page, by tenant and number.'),
    warnings: { type: 'array', items: componentRef('Warning'), title: 'Warnings', description: 'Always empty; kept for the shape of getTenantNumbers.' },
  },
});

const countMap = (title: string, description: string): JsonSchema => ({
  type: ['object', 'null'],
  additionalProperties: { type: 'integer', format: 'int32', minimum: 0 },
  title,
  description,
});
const countOrNull = (title: string, description: string): JsonSchema => ({ type: ['integer', 'null'], format: 'int32', minimum: 0, title, description });

export const tenantViewSchema = objectSchema<TenantView>({
  title: 'Tenant',
  description: 'A snapshotted tenant and its counts, as its latest snapshot kept them (null: not kept yet; its next snapshot keeps them).',
  required: [...tenantViewFields],
  properties: {
    msTenantId: tenantIdSchema,
    channelId: { type: ['integer', 'null'], format: 'int32', title: 'Channel ID', description: 'The channel of its latest snapshot, or null for the default.' },
    active: countOrNull('Active', 'Numbers the tenant holds now.'),
    released: countOrNull('Released', 'Numbers the tenant held that are now released.'),
    unassigned: countOrNull('Unassigned', 'Active numbers whose assignmentStatus is empty or Unassigned.'),
    unassignedShare: {
      type: ['number', 'null'],
      minimum: 0,
      maximum: 1,
      title: 'Unassigned Share',
      description: 'unassigned ÷ active; 0 when there are none.',
    },
    byAssignmentStatus: countMap('By Assignment Status', 'Active numbers per assignmentStatus; (none) for an empty one.'),
    byAcquiredNumberStatus: countMap('By Acquired Number Status', 'Active numbers per acquiredNumberStatus; (none) for an empty one.'),
    byIsoCountryCode: countMap('By Country Code', 'Active numbers per isoCountryCode; (none) for an empty one.'),
    lastSucceededAt: dateTimeOrNull('Last Succeeded At', 'When its latest successful snapshot ran; null if none has.'),
    lastRunId: { type: ['string', 'null'], title: 'Last Run ID', description: 'Its latest finished snapshot run.' },
    lastOutcome: { type: ['string', 'null'], title: 'Last Outcome', description: 'succeeded, suspect (releases withheld) or failed.' },
  },
});

export const tenantListSchema = objectSchema<TenantListBody>({
  title: 'Tenant List',
  description: 'One page of snapshotted tenants, by tenant id. Follow nextLink for the next page.',
  required: ['count', 'value'],
  properties: {
    ...pageProperties('tenants', 'TenantView', 'Tenants', 'The tenants of this page.'),
  },
});
