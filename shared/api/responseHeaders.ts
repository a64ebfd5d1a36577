import type { JsonSchema } from './schemas/jsonSchema';

/** The response headers the documents describe, with what each says. */
export const responseHeaders = {
  ETag: {
    description: 'Identifies this content: send it in If-None-Match to get 304 Not Modified while it is unchanged (weak, W/"…", on a streamed CSV).',
    schema: { type: 'string', maxLength: 31 },
  },
  'X-Correlation-Id': {
    description: "The id of this call in the logs: the caller's X-Correlation-Id (or traceparent trace id), else a generated one.",
    schema: { type: 'string', maxLength: 128 },
  },
  'X-Data-Source': {
    description: 'Where the numbers came from: live, or snapshot (source=snapshot, or source=auto when the Live Platform failed).',
    schema: { type: 'string', enum: ['live', 'snapshot'] },
  },
  'X-Snapshot-Age': {
    description: 'Seconds since the snapshot was taken, when X-Data-Source is snapshot.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 },
  },
  'X-Schema-Warnings': {
    description: 'How many upstream records were dropped for failing the core schema (no usable telephoneNumber).',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 },
  },
  'Retry-After': {
    description:
      "Seconds to wait before trying again: the Live Platform or the app's own rate budget is spent, or (429) the tenant's snapshot was requested too recently; for pollChanges, before the next poll (CHANGES_POLL_SECONDS).",
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 },
  },
  'WWW-Authenticate': {
    description: 'With CALLER_AUTH=entra, on a 401: where to sign in (authorization_uri) and for which resource (resource_id).',
    schema: { type: 'string', maxLength: 2048 },
  },
  Location: {
    description:
      'Where to go next: the snapshot run (listSnapshotRuns with runId), to follow its progress; for pollChanges, the next poll with its triggerState.',
    schema: { type: 'string', format: 'uri', maxLength: 2048 },
  },
  Link: {
    description: 'With top and format=csv or ndjson: <URL of the next page>; rel="next", absent on the last page.',
    schema: { type: 'string', maxLength: 2100 },
  },
} satisfies Record<string, { description: string; schema: JsonSchema }>;

export type ResponseHeaderName = keyof typeof responseHeaders;
