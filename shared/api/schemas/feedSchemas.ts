import type { FeedItemBody } from '../../feed/feedItemBody';
import { runIdPattern } from '../../snapshots/runIds';
import { componentRef, lowerCaseGuid, objectSchema, text } from './jsonSchema';
import { numberChangeProperties } from './snapshotSchemas';

export interface ChangeFeedPageBody {
  value: FeedItemBody[];
  cursor: string;
  nextLink?: string | undefined;
}

export interface ChangeTriggerBatchBody {
  value: FeedItemBody[];
}

/** One change of the operator-wide feed (listChanges, pollChanges, and the data of a change event). */
export const feedChangeSchema = objectSchema<FeedItemBody>({
  title: 'Feed Change',
  description: 'One change a snapshot detected in a number, with its tenant and its id in the change feed.',
  required: ['changeId', 'msTenantId', 'telephoneNumber', 'changeType', 'changedFields', 'before', 'after', 'runId', 'detectedAt'],
  properties: {
    changeId: text('Change ID', 'Identifies the change; the same on every read and every event delivery (the id of its change event).'),
    msTenantId: lowerCaseGuid('Tenant ID', "The customer's Microsoft Entra tenant id, in lower case."),
    ...numberChangeProperties,
    runId: { type: 'string', pattern: runIdPattern, title: 'Run ID', description: 'The snapshot run that detected the change.' },
  },
});

export const changeFeedPageSchema = objectSchema<ChangeFeedPageBody>({
  title: 'Change Feed Page',
  description: 'Changes of every visible tenant, oldest first, in the order they were committed.',
  required: ['value', 'cursor'],
  properties: {
    value: { type: 'array', items: componentRef('FeedChange'), title: 'Changes', description: 'The changes of this page, in commit order.' },
    cursor: text('Cursor', 'Resume here (query cursor) to see every later change exactly once; present even on an empty page.'),
    nextLink: {
      type: 'string',
      format: 'uri',
      title: 'Next Link',
      description: 'The next page, while more changes are ready now; absent once the reader has caught up.',
    },
  },
});

export const changeTriggerBatchSchema = objectSchema<ChangeTriggerBatchBody>({
  title: 'Changed Numbers',
  description: 'The changes since the last poll, oldest first (at most 100; the next poll brings the rest).',
  required: ['value'],
  properties: {
    value: { type: 'array', items: componentRef('FeedChange'), title: 'Changes', description: 'The new changes, in commit order.' },
  },
});
