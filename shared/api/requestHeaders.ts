import { correlationIdPattern } from '../ids/idsAndLimits';
import { channelIdParameter } from '../http/requestParameters';
import type { ParameterDoc } from './apiRoute';
import { parameterSchema } from './parameterSchema';
import type { JsonSchema } from './schemas/jsonSchema';

/** The request headers the HTTP functions read. */
export const requestHeaders = {
  'X-Ovoc-Channel-Id': {
    title: 'Channel ID',
    description:
      'The Live Platform channel, sent upstream as X-Ovoc-Channel-Id; the same as the channelId query parameter (when both are given they must agree). Default: the app setting LIVE_PLATFORM_CHANNEL_ID.',
    visibility: 'advanced',
    schema: parameterSchema(channelIdParameter),
  },
  'If-None-Match': {
    title: 'If None Match',
    description: 'The ETag of an earlier answer: the answer is 304 Not Modified, without a body, while the content is unchanged.',
    visibility: 'internal',
    schema: { type: 'string', maxLength: 1024 },
  },
  'X-Correlation-Id': {
    title: 'Correlation ID',
    description:
      'Your id for this call (1 to 128 letters, digits, dots, underscores, colons or hyphens), echoed in the answer, sent to the Live Platform and written in every log line; a W3C traceparent header works too. Absent or not of that form: one is generated.',
    visibility: 'advanced',
    schema: { type: 'string', maxLength: 128, pattern: correlationIdPattern.source },
  },
  'Cache-Control': {
    title: 'Cache Control',
    description: "no-cache skips the app's short cache of Live Platform answers (LIVE_PLATFORM_CACHE_SECONDS) and asks the Live Platform again.",
    visibility: 'advanced',
    schema: { type: 'string', maxLength: 1024 },
  },
  Accept: {
    title: 'Accept',
    description: 'text/csv (without application/json) answers CSV, like format=csv; format wins when both are given.',
    visibility: 'internal',
    schema: { type: 'string', maxLength: 1024 },
  },
} satisfies Record<string, ParameterDoc & { schema: JsonSchema }>;

export type RequestHeaderName = keyof typeof requestHeaders;
