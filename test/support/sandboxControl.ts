import { randomUUID } from 'node:crypto';
import type { FaultSpec } from '../../sandbox/faults';
import { LIVE_PLATFORM_AUDIENCE } from '../../sandbox/identities';
import type { NumberRecord } from '../../sandbox/numberGenerator';
import type { SandboxArrivals, SandboxTotals, TenantStats } from '../../sandbox/stats';
import type { TenantRegistration } from '../../sandbox/tenants';

/**
 * Typed helpers over the sandbox control API (`/_sandbox/...`) for tests. The sandbox is
 * shared by all jest workers: give each test its own tenant (uniqueTenantId) instead of
 * changing the built-in ones, and read per-tenant stats rather than totals where possible.
 */

export {
  DRIFT_TENANT_ID,
  DRIFT_TENANT_INVALID_RECORDS,
  DRIFT_TENANT_RECORDS,
  EMPTY_TENANT_ID,
  LEGACY_TENANT_CHANNEL_ID,
  LEGACY_TENANT_ID,
  LEGACY_TENANT_NUMBERS,
  MAX_SCALE_TENANT_NUMBERS,
  MODERN_TENANT_ID,
  MODERN_TENANT_NUMBERS,
  scaleTenantId,
} from '../../sandbox/tenants';
export { CUSTOMER_LIST_FAULT_KEY, DEFAULT_OVERSIZED_BYTES, FAULT_KINDS } from '../../sandbox/faults';
export { UPSTREAM_BODY_MARKER } from '../../sandbox/faultResponses';
export { LIVE_PLATFORM_AUDIENCE, MANAGED_IDENTITY_CLIENT_ID, MANAGED_IDENTITY_OBJECT_ID, TOKEN_EXCHANGE_AUDIENCE } from '../../sandbox/identities';
export type { FaultKind, FaultSpec } from '../../sandbox/faults';
export type { LastRequest, SandboxArrivals, SandboxTotals, TenantStats } from '../../sandbox/stats';
export type { NumberRecord } from '../../sandbox/numberGenerator';
export type { TenantRegistration } from '../../sandbox/tenants';

/** The sandbox base URL that globalSetup published. */
export function controlUrl(): string {
  const url = process.env['SANDBOX_CONTROL_URL'];
  if (!url) throw new Error('SANDBOX_CONTROL_URL is not set: is jest running with test/support/globalSetup.ts?');
  return url;
}

/** A fresh random GUID, so parallel tests never share tenant state, faults or counters. */
export function uniqueTenantId(): string {
  return randomUUID();
}

async function control(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${controlUrl()}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`sandbox control ${method} ${path} answered ${response.status}: ${await response.text()}`);
  }
  return response;
}

/** Registers or replaces a tenant: explicit `records`, or `count` generated ones of `shape`. */
export async function registerTenant(
  tenantId: string,
  registration: TenantRegistration = {},
): Promise<{ msTenantId: string; channelId: number | null; count: number }> {
  return (await (await control('PUT', `/tenants/${tenantId}`, registration)).json()) as {
    msTenantId: string;
    channelId: number | null;
    count: number;
  };
}

/** The records the numbers call returns for that tenant (when no fault is armed). */
export async function getTenantRecords(tenantId: string): Promise<NumberRecord[]> {
  return (await (await control('GET', `/tenants/${tenantId}`)).json()) as NumberRecord[];
}

/** Makes the tenant unknown upstream (404), built-in ones included, until re-registered. */
export async function deleteTenant(tenantId: string): Promise<void> {
  await control('DELETE', `/tenants/${tenantId}`);
}

/** Arms a fault on that tenant's number calls (or `customers` for the V3 customer list). */
export async function setFault(tenantId: string, spec: FaultSpec): Promise<void> {
  await control('PUT', `/faults/${tenantId}`, spec);
}

export async function clearFault(tenantId: string): Promise<void> {
  await control('DELETE', `/faults/${tenantId}`);
}

/** Calls, last request (headers without the token) and call times for one tenant. */
export async function getStats(tenantId: string): Promise<TenantStats> {
  return (await (await control('GET', `/stats/${tenantId}`)).json()) as TenantStats;
}

/** Every Live Platform call's arrival the sandbox saw (all workers), and the 429s of an enforced limit. */
export async function getArrivals(): Promise<SandboxArrivals> {
  return (await (await control('GET', '/arrivals')).json()) as SandboxArrivals;
}

/** Has the sandbox enforce the Live Platform's rate limit (429 beyond it); null lifts it. */
export async function setRateLimit(rateLimit: { limit: number; windowMs: number } | null): Promise<void> {
  if (rateLimit) await control('PUT', '/rate-limit', rateLimit);
  else await control('DELETE', '/rate-limit');
}

/** Totals across the sandbox, including token requests per endpoint (shared by all workers). */
export async function getTotals(): Promise<SandboxTotals> {
  return (await (await control('GET', '/stats')).json()) as SandboxTotals;
}

/**
 * A token signed by the sandbox with any claims: `expiresInSeconds` may be negative (already
 * expired) and `claims.aud` may name another audience.
 */
export async function mintToken(options: { expiresInSeconds?: number; claims?: Record<string, unknown> } = {}): Promise<string> {
  const body = (await (await control('POST', '/tokens', options)).json()) as { access_token: string };
  return body.access_token;
}

/** A token straight from the sandbox managed identity endpoint (the IDENTITY_* env vars). */
export async function managedIdentityToken(resource: string = LIVE_PLATFORM_AUDIENCE): Promise<string> {
  const endpoint = process.env['IDENTITY_ENDPOINT'];
  const secret = process.env['IDENTITY_HEADER'];
  if (!endpoint || !secret) throw new Error('IDENTITY_ENDPOINT / IDENTITY_HEADER are not set');
  const url = new URL(endpoint);
  url.searchParams.set('api-version', '2019-08-01');
  url.searchParams.set('resource', resource);
  const response = await fetch(url, { headers: { 'X-IDENTITY-HEADER': secret } });
  if (!response.ok) throw new Error(`managed identity endpoint answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * Clears every registration, fault and counter. Other workers share the sandbox: only for
 * suites that run alone; prefer unique tenants.
 */
export async function resetSandbox(): Promise<void> {
  await control('POST', '/reset');
}

/** The upstream numbers URL for a tenant, as the app builds it (optionally under /tenantui). */
export function liveNumbersUrl(tenantId: string, prefix: '' | '/tenantui' = ''): string {
  return `${controlUrl()}${prefix}/api/v2/oc/numbers?msTenantId=${encodeURIComponent(tenantId)}`;
}
