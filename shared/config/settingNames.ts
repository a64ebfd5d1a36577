/** Every app setting the code reads. Infrastructure and the sample settings are checked against this list. */
export const settingNames = [
  'LIVE_PLATFORM_BASE_URL',
  'LIVE_PLATFORM_AUTH',
  'LIVE_PLATFORM_SCOPE',
  'LIVE_PLATFORM_TENANT_ID',
  'LIVE_PLATFORM_CLIENT_ID',
  'LIVE_PLATFORM_CLIENT_SECRET',
  'LIVE_PLATFORM_AUTHORITY_HOST',
  'LIVE_PLATFORM_CHANNEL_ID',
  'LIVE_PLATFORM_TIMEOUT_MS',
  'LIVE_PLATFORM_RETRIES',
  'LIVE_PLATFORM_RATE_LIMIT',
  'LIVE_PLATFORM_CACHE_SECONDS',
  'LIVE_PLATFORM_MAX_RESPONSE_BYTES',
  'LIVE_PLATFORM_BUDGET',
  'LIVE_PLATFORM_INTERACTIVE_RESERVE',
  'LIVE_PLATFORM_NOT_FOUND_SECONDS',
  'LIVE_PLATFORM_BUDGET_INSTANCES',
  'AZURE_CLIENT_ID',
  'SCHEMA_MODE',
  'ALLOWED_TENANTS',
  'SNAPSHOT_SCHEDULE',
  'SNAPSHOT_TENANTS',
  'SNAPSHOT_MAX_REMOVAL_RATIO',
  'SNAPSHOT_CHANGES_RETENTION_DAYS',
  'SNAPSHOT_RUNS_RETENTION_DAYS',
  'SNAPSHOT_FORCE_WITH_KEY',
  'SNAPSHOT_REQUEST_MIN_SECONDS',
  'PUBLIC_BASE_URL',
  'CALLER_AUTH',
  'CALLER_TENANT_ID',
  'CALLER_AUDIENCE',
  'CALLER_AUTHORITY_HOST',
] as const;

export type SettingName = (typeof settingNames)[number];

/** The identity-based storage connection for the snapshot tables and queue (`SnapshotStorage` or `SnapshotStorage__*`). */
export const snapshotStorageConnection = 'SnapshotStorage';
