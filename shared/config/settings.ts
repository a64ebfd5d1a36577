import type { ErrorObject } from 'ajv';
import { validateSettingsText } from '../validation/validators';
import { settingsSchema } from './settingsSchema';
import { SettingsError } from '../errors/appErrors';
import { maxChannelId } from '../ids/idsAndLimits';
import { snapshotStorageConnection } from './settingNames';

export type AuthMode = 'managed-identity' | 'federated' | 'client-secret' | 'default';
export type SchemaMode = 'report' | 'enforce';
export type BudgetMode = 'shared' | 'instance';
export type CallerAuthMode = 'function-key' | 'entra';

export interface SnapshotTenant {
  msTenantId: string;
  channelId: number | null;
}

export interface Settings {
  baseUrl: string;
  auth: AuthMode;
  scope: string;
  appTenantId: string | undefined;
  appClientId: string | undefined;
  appClientSecret: string | undefined;
  managedIdentityClientId: string | undefined;
  authorityHost: string | undefined;
  defaultChannelId: number | null;
  timeoutMs: number;
  retries: number;
  rateLimit: number;
  /** Where the rate budget is kept: Table Storage for every instance, or this process alone. */
  budgetMode: BudgetMode;
  /** Calls of every window snapshot work leaves to lookups (below rateLimit). */
  interactiveReserve: number;
  /** How long an upstream 404 for a tenant and channel is remembered, in seconds. */
  notFoundSeconds: number;
  /** The most instances that can call the Live Platform at once: the shared budget's fallback share is rateLimit ÷ this. */
  budgetInstances: number;
  cacheSeconds: number;
  maxResponseBytes: number;
  schemaMode: SchemaMode;
  allowedTenants: ReadonlySet<string> | null;
  snapshotSchedule: string;
  snapshotTenants: readonly SnapshotTenant[] | '*' | null;
  snapshotMaxRemovalRatio: number;
  /** Retry-After of pollChanges. */
  changesPollSeconds: number;
  /** Where change events are published; unset: none are. */
  eventGridTopicEndpoint: string | undefined;
  /** Change rows and run rows older than this many days are deleted by the scheduler; 0 keeps all. */
  changesRetentionDays: number;
  runsRetentionDays: number;
  /** function-key mode only: whether `force=true` is allowed. */
  snapshotForceWithKey: boolean;
  snapshotRequestMinSeconds: number;
  /** The origin links are built from (no trailing slash); null: links use the origin of the request. */
  publicBaseUrl: string | null;
  callerAuth: CallerAuthMode;
  /** entra mode: whose tokens are accepted (both required there). */
  callerTenantId: string | undefined;
  callerAudiences: readonly string[];
  callerAuthorityHost: string;
}

/** Azure public cloud; CALLER_AUTHORITY_HOST replaces it (sovereign clouds, the sandbox). */
export const publicCloudAuthorityHost = 'https://login.microsoftonline.com';

const describe: Record<string, string> = {
  LIVE_PLATFORM_BASE_URL: 'an http(s) URL prefix without query or fragment',
  LIVE_PLATFORM_AUTH: 'one of managed-identity, federated, client-secret, default',
  LIVE_PLATFORM_SCOPE: 'a scope such as api://<app id>/.default',
  LIVE_PLATFORM_TENANT_ID: 'a tenant id (GUID) or domain',
  LIVE_PLATFORM_CLIENT_ID: 'a client id (GUID)',
  AZURE_CLIENT_ID: 'the user-assigned identity client id (GUID)',
  LIVE_PLATFORM_AUTHORITY_HOST: 'an https host such as https://login.microsoftonline.us',
  ALLOWED_TENANTS: 'a comma list of tenant GUIDs',
  SNAPSHOT_SCHEDULE: 'a six-field NCRONTAB expression',
  SNAPSHOT_TENANTS: "'*' or a comma list of msTenantId[:channelId]",
  SNAPSHOT_MAX_REMOVAL_RATIO: 'a number from 0 to 1',
  SCHEMA_MODE: 'report or enforce',
  EVENT_GRID_TOPIC_ENDPOINT: 'an https URL such as https://<topic>.<region>-1.eventgrid.azure.net/api/events',
  LIVE_PLATFORM_BUDGET: 'shared or instance',
  SNAPSHOT_FORCE_WITH_KEY: 'true or false',
  PUBLIC_BASE_URL: 'an origin such as https://ocnumbers.contoso.com (no path, query or fragment)',
  CALLER_AUTH: 'function-key or entra',
  CALLER_TENANT_ID: 'a tenant id (GUID)',
  CALLER_AUDIENCE: 'a comma list of audiences (app id URI or client id)',
  CALLER_AUTHORITY_HOST: 'an https host such as https://login.microsoftonline.us',
};

/** Empty app settings count as unset: the sample and Bicep write empty strings for optional ones. */
function presentSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  const present: Record<string, string> = {};
  for (const name of Object.keys(settingsSchema.properties)) {
    const value = env[name]?.trim();
    if (value) present[name] = value;
  }
  return present;
}

function problemsOf(errors: ErrorObject[]): string[] {
  return errors.map((error) => {
    if (error.keyword === 'required') {
      return `${String(error.params['missingProperty'])} is required`;
    }
    const name = error.instancePath.replace(/^\//, '');
    const rule: object = settingsSchema.properties[name as keyof typeof settingsSchema.properties] ?? {};
    if (error.keyword === 'integerRange' && 'integerRange' in rule) {
      const [min, max] = rule.integerRange as [number, number];
      return `${name} must be a whole number from ${min} to ${max}`;
    }
    const expected = describe[name];
    return expected ? `${name} must be ${expected}` : `${name} is malformed`;
  });
}

function modeProblems(present: Record<string, string>, auth: AuthMode): string[] {
  const needs: Record<AuthMode, string[]> = {
    'managed-identity': [],
    federated: ['LIVE_PLATFORM_TENANT_ID', 'LIVE_PLATFORM_CLIENT_ID'],
    'client-secret': ['LIVE_PLATFORM_TENANT_ID', 'LIVE_PLATFORM_CLIENT_ID', 'LIVE_PLATFORM_CLIENT_SECRET'],
    default: [],
  };
  return needs[auth].filter((name) => !present[name]).map((name) => `${name} is required when LIVE_PLATFORM_AUTH is ${auth}`);
}

function httpsProblems(name: string, value: string | undefined): string[] {
  if (!value) return [];
  const url = new URL(value);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return url.protocol === 'https:' || loopback ? [] : [`${name} must use https (http is allowed for loopback only)`];
}

/** entra mode cannot check a token without knowing whose tokens to accept: it fails closed, naming what is missing. */
function callerProblems(present: Record<string, string>): string[] {
  if (present['CALLER_AUTH'] !== 'entra') return [];
  return ['CALLER_TENANT_ID', 'CALLER_AUDIENCE'].filter((name) => !present[name]).map((name) => `${name} is required when CALLER_AUTH is entra`);
}

function parseSnapshotTenants(text: string | undefined): Settings['snapshotTenants'] {
  if (text === undefined) return null;
  if (text === '*') return '*';
  return text.split(',').map((entry) => {
    const [tenant = '', channel] = entry.trim().split(':');
    return { msTenantId: tenant.toLowerCase(), channelId: channel === undefined ? null : Number(channel) };
  });
}

/** Reads and validates every setting at once, so one error lists every problem by setting name. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const present = presentSettings(env);
  const problems = validateSettingsText(present) ? [] : problemsOf(validateSettingsText.errors ?? []);
  const auth = (present['LIVE_PLATFORM_AUTH'] ?? 'managed-identity') as AuthMode;
  if (problems.length === 0) {
    problems.push(
      ...modeProblems(present, auth),
      ...httpsProblems('LIVE_PLATFORM_BASE_URL', present['LIVE_PLATFORM_BASE_URL']),
      ...httpsProblems('PUBLIC_BASE_URL', present['PUBLIC_BASE_URL']),
      ...callerProblems(present),
    );
    const reserve = present['LIVE_PLATFORM_INTERACTIVE_RESERVE'];
    if (reserve !== undefined && Number(reserve) >= Number(present['LIVE_PLATFORM_RATE_LIMIT'] ?? 10)) {
      problems.push('LIVE_PLATFORM_INTERACTIVE_RESERVE must be below LIVE_PLATFORM_RATE_LIMIT (snapshots need part of the window)');
    }
    const channel = present['SNAPSHOT_TENANTS']?.match(/:([0-9]+)/g)?.find((c) => Number(c.slice(1)) > maxChannelId);
    if (channel) problems.push(`SNAPSHOT_TENANTS has a channel id above ${maxChannelId}`);
  }
  if (problems.length > 0) throw new SettingsError(problems);

  const number = (name: string, fallback: number) => (present[name] === undefined ? fallback : Number(present[name]));
  const allowed = present['ALLOWED_TENANTS'];
  const rateLimit = number('LIVE_PLATFORM_RATE_LIMIT', 10);
  return {
    baseUrl: (present['LIVE_PLATFORM_BASE_URL'] as string).replace(/\/+$/, ''),
    auth,
    scope: present['LIVE_PLATFORM_SCOPE'] as string,
    appTenantId: present['LIVE_PLATFORM_TENANT_ID'],
    appClientId: present['LIVE_PLATFORM_CLIENT_ID'],
    appClientSecret: present['LIVE_PLATFORM_CLIENT_SECRET'],
    managedIdentityClientId: present['AZURE_CLIENT_ID'],
    authorityHost: present['LIVE_PLATFORM_AUTHORITY_HOST']?.replace(/\/+$/, ''),
    defaultChannelId: present['LIVE_PLATFORM_CHANNEL_ID'] === undefined ? null : Number(present['LIVE_PLATFORM_CHANNEL_ID']),
    timeoutMs: number('LIVE_PLATFORM_TIMEOUT_MS', 15000),
    retries: number('LIVE_PLATFORM_RETRIES', 3),
    rateLimit,
    budgetMode: (present['LIVE_PLATFORM_BUDGET'] ?? (hasStorageConnection(env) ? 'shared' : 'instance')) as BudgetMode,
    // The default reserve never takes the whole window of a small limit.
    interactiveReserve: number('LIVE_PLATFORM_INTERACTIVE_RESERVE', Math.min(3, rateLimit - 1)),
    notFoundSeconds: number('LIVE_PLATFORM_NOT_FOUND_SECONDS', 60),
    budgetInstances: number('LIVE_PLATFORM_BUDGET_INSTANCES', 1),
    cacheSeconds: number('LIVE_PLATFORM_CACHE_SECONDS', 30),
    maxResponseBytes: number('LIVE_PLATFORM_MAX_RESPONSE_BYTES', 134217728),
    schemaMode: (present['SCHEMA_MODE'] ?? 'report') as SchemaMode,
    allowedTenants: allowed ? new Set(allowed.split(',').map((t) => t.trim().toLowerCase())) : null,
    snapshotSchedule: present['SNAPSHOT_SCHEDULE'] ?? '0 0 */6 * * *',
    snapshotTenants: parseSnapshotTenants(present['SNAPSHOT_TENANTS']),
    snapshotMaxRemovalRatio: number('SNAPSHOT_MAX_REMOVAL_RATIO', 0.5),
    changesPollSeconds: number('CHANGES_POLL_SECONDS', 120),
    eventGridTopicEndpoint: present['EVENT_GRID_TOPIC_ENDPOINT'],
    changesRetentionDays: number('SNAPSHOT_CHANGES_RETENTION_DAYS', 400),
    runsRetentionDays: number('SNAPSHOT_RUNS_RETENTION_DAYS', 90),
    snapshotForceWithKey: present['SNAPSHOT_FORCE_WITH_KEY'] === 'true',
    snapshotRequestMinSeconds: number('SNAPSHOT_REQUEST_MIN_SECONDS', 300),
    publicBaseUrl: present['PUBLIC_BASE_URL']?.replace(/\/+$/, '') ?? null,
    callerAuth: (present['CALLER_AUTH'] ?? 'function-key') as CallerAuthMode,
    callerTenantId: present['CALLER_TENANT_ID']?.toLowerCase(),
    callerAudiences: (present['CALLER_AUDIENCE'] ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== ''),
    callerAuthorityHost: (present['CALLER_AUTHORITY_HOST'] ?? publicCloudAuthorityHost).replace(/\/+$/, ''),
  };
}

/** `SnapshotStorage` as the host reads it: a connection string or an identity-based connection. */
function hasStorageConnection(env: NodeJS.ProcessEnv): boolean {
  return Object.entries(env).some(
    ([key, value]) => (key === snapshotStorageConnection || key.startsWith(`${snapshotStorageConnection}__`)) && Boolean(value?.trim()),
  );
}

let cached: Settings | undefined;

/** The process's settings, read once. */
export function getSettings(): Settings {
  cached ??= readSettings();
  return cached;
}

/** Tests change the environment between cases; production never calls this. */
export function clearSettingsCache(): void {
  cached = undefined;
}
