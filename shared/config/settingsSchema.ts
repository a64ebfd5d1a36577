// Schema only: `npm run validators` compiles it into shared/generated/precompiledValidators.ts. No ajv here
// (the app would load its compiler) and no validators (the generator must not need the file it writes).
import { guidText as guid, maxChannelId, maxInt32 } from '../ids/idsAndLimits';

// A whole number written as text, checked by the same `integerRange` keyword as the query parameters.
const integerText = (min: number, max: number) => ({ type: 'string', integerRange: [min, max] as [number, number] });

/** App settings are strings; the schema checks their text, `readSettings` converts them. */
export const settingsSchema = {
  type: 'object',
  required: ['LIVE_PLATFORM_BASE_URL', 'LIVE_PLATFORM_SCOPE'],
  properties: {
    LIVE_PLATFORM_BASE_URL: { type: 'string', pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$' },
    LIVE_PLATFORM_AUTH: { enum: ['managed-identity', 'federated', 'client-secret', 'default'] },
    LIVE_PLATFORM_SCOPE: { type: 'string', pattern: '^\\S+$' },
    LIVE_PLATFORM_TENANT_ID: { type: 'string', pattern: `^(${guid}|[A-Za-z0-9.-]+)$` },
    LIVE_PLATFORM_CLIENT_ID: { type: 'string', pattern: `^${guid}$` },
    LIVE_PLATFORM_CLIENT_SECRET: { type: 'string', minLength: 1 },
    AZURE_CLIENT_ID: { type: 'string', pattern: `^${guid}$` },
    LIVE_PLATFORM_AUTHORITY_HOST: { type: 'string', pattern: '^https://[^\\s/?#]+/?$' },
    LIVE_PLATFORM_CHANNEL_ID: integerText(0, maxChannelId),
    LIVE_PLATFORM_TIMEOUT_MS: integerText(100, 600000),
    LIVE_PLATFORM_RETRIES: integerText(0, 10),
    LIVE_PLATFORM_RATE_LIMIT: integerText(1, 10000),
    LIVE_PLATFORM_CACHE_SECONDS: integerText(0, 86400),
    LIVE_PLATFORM_MAX_RESPONSE_BYTES: integerText(1024, maxInt32),
    LIVE_PLATFORM_BUDGET: { enum: ['shared', 'instance'] },
    LIVE_PLATFORM_INTERACTIVE_RESERVE: integerText(0, 10000),
    LIVE_PLATFORM_NOT_FOUND_SECONDS: integerText(0, 86400),
    LIVE_PLATFORM_BUDGET_INSTANCES: integerText(1, 1000),
    SCHEMA_MODE: { enum: ['report', 'enforce'] },
    ALLOWED_TENANTS: { type: 'string', pattern: `^\\s*${guid}\\s*(,\\s*${guid}\\s*)*$` },
    SNAPSHOT_SCHEDULE: { type: 'string', pattern: '^\\S+( \\S+){5}$' },
    SNAPSHOT_TENANTS: {
      type: 'string',
      pattern: `^(\\*|\\s*${guid}(:[0-9]{1,10})?\\s*(,\\s*${guid}(:[0-9]{1,10})?\\s*)*)$`,
    },
    SNAPSHOT_MAX_REMOVAL_RATIO: { type: 'string', pattern: '^(0(\\.[0-9]+)?|1(\\.0+)?)$' },
    CHANGES_POLL_SECONDS: integerText(1, 86400),
    // An Event Grid topic's endpoint, such as https://<topic>.<region>-1.eventgrid.azure.net/api/events.
    EVENT_GRID_TOPIC_ENDPOINT: { type: 'string', pattern: '^https://[^\\s/?#]+/[^\\s?#]*$' },
    SNAPSHOT_CHANGES_RETENTION_DAYS: integerText(0, 36500),
    SNAPSHOT_RUNS_RETENTION_DAYS: integerText(0, 36500),
    SNAPSHOT_FORCE_WITH_KEY: { enum: ['true', 'false'] },
    SNAPSHOT_REQUEST_MIN_SECONDS: integerText(0, 604800),
    PUBLIC_BASE_URL: { type: 'string', pattern: '^https?://[^\\s/?#@]+/?$' },
    CALLER_AUTH: { enum: ['function-key', 'entra'] },
    CALLER_TENANT_ID: { type: 'string', pattern: `^${guid}$` },
    // An app id URI (api://…, https://…) or a client id; no spaces inside an entry.
    CALLER_AUDIENCE: { type: 'string', pattern: '^\\s*[^\\s,]+\\s*(,\\s*[^\\s,]+\\s*)*$' },
    CALLER_AUTHORITY_HOST: { type: 'string', pattern: '^https://[^\\s/?#]+/?$' },
  },
} as const;
