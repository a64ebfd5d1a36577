import type { JsonSchema } from './schemas/jsonSchema';

/** The response headers the documents describe, with what each says. */
export const responseHeaders = {
  ETag: { description: 'Identifies this content: send it in If-None-Match to get 304 Not Modified while it is unchanged.', schema: { type: 'string' } },
  'X-Correlation-Id': { description: 'The id of this call in the logs: the caller\'s X-Correlation-Id (or traceparent trace id), else a generated one.', schema: { type: 'string' } },
  'X-Data-Source': { description: 'Where the numbers came from: live, or snapshot (source=snapshot, or source=auto when the Live Platform failed).', schema: { type: 'string', enum: ['live', 'snapshot'] } },
  'X-Snapshot-Age': { description: 'Seconds since the snapshot was taken, when X-Data-Source is snapshot.', schema: { type: 'integer', minimum: 0 } },
  'X-Schema-Warnings': { description: 'How many upstream records were dropped for failing the core schema (no usable telephoneNumber).', schema: { type: 'integer', minimum: 0 } },
  'Retry-After': { description: 'Seconds to wait before trying again, when the Live Platform or the app\'s own rate budget says; for pollChanges, before the next poll (CHANGES_POLL_SECONDS).', schema: { type: 'integer', minimum: 0 } },
  Location: { description: 'Where to go next: the snapshot run (listSnapshotRuns with runId), to follow its progress; for pollChanges, the next poll with its triggerState.', schema: { type: 'string', format: 'uri' } },
} satisfies Record<string, { description: string; schema: JsonSchema }>;

export type ResponseHeaderName = keyof typeof responseHeaders;
