import type { JsonSchema } from './schemas/jsonSchema';

/** The response headers the documents describe, with what each says. */
export const responseHeaders = {
  ETag: { description: 'Identifies this content: send it in If-None-Match to get 304 Not Modified while it is unchanged.', schema: { type: 'string', maxLength: 29 } },
  'X-Correlation-Id': { description: 'The id of this call in the logs: the caller\'s X-Correlation-Id (or traceparent trace id), else a generated one.', schema: { type: 'string', maxLength: 128 } },
  'X-Data-Source': { description: 'Where the numbers came from: live, or snapshot (source=snapshot, or source=auto when the Live Platform failed).', schema: { type: 'string', enum: ['live', 'snapshot'] } },
  'X-Snapshot-Age': { description: 'Seconds since the snapshot was taken, when X-Data-Source is snapshot.', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 } },
  'X-Schema-Warnings': { description: 'How many upstream records were dropped for failing the core schema (no usable telephoneNumber).', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 } },
  'Retry-After': { description: 'Seconds to wait before trying again, when the Live Platform or the app\'s own rate budget says.', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 } },
  Location: { description: 'The URL of the snapshot run (listSnapshotRuns with runId), to follow its progress.', schema: { type: 'string', format: 'uri', maxLength: 2048 } },
} satisfies Record<string, { description: string; schema: JsonSchema }>;

export type ResponseHeaderName = keyof typeof responseHeaders;
