// Schema only: `npm run validators` compiles it into shared/generated/precompiledValidators.ts. No ajv here
// (the app would load its compiler) and no validators (the generator must not need the file it writes).
import { correlationIdPattern, guidPattern, maxChannelId } from '../ids/idsAndLimits';
import { runIdPattern } from './runIds';

/** What a SnapshotRequestMessage must look like when it comes back off the queue. */
export const snapshotRequestMessageSchema = {
  type: 'object',
  required: ['runId', 'msTenantId', 'channelId', 'requestedAt'],
  additionalProperties: false,
  properties: {
    runId: { type: 'string', pattern: runIdPattern },
    msTenantId: { type: 'string', pattern: guidPattern },
    channelId: { type: ['integer', 'null'], minimum: 0, maximum: maxChannelId },
    force: { type: 'boolean' },
    requestedAt: { type: 'string', maxLength: 40 },
    correlationId: { type: 'string', pattern: correlationIdPattern.source },
  },
} as const;
