// Schema only: `npm run validators` compiles it into shared/validation/precompiledValidators.ts. No ajv here
// (the app would load its compiler) and no validators (the generator must not need the file it writes).
import { guidPattern } from '../http/requestParameters';
import { runIdPattern } from './runIds';

/** What a SnapshotRequestMessage must look like when it comes back off the queue. */
export const snapshotRequestMessageSchema = {
  type: 'object',
  required: ['runId', 'msTenantId', 'channelId', 'requestedAt'],
  additionalProperties: false,
  properties: {
    runId: { type: 'string', pattern: runIdPattern },
    msTenantId: { type: 'string', pattern: guidPattern },
    channelId: { type: ['integer', 'null'], minimum: 0, maximum: 2147483647 },
    force: { type: 'boolean' },
    requestedAt: { type: 'string', maxLength: 40 },
    correlationId: { type: 'string', pattern: '^[A-Za-z0-9._:\\-]{1,128}$' },
  },
} as const;
