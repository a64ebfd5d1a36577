import type { Settings } from '../config/settings';

/**
 * Why the app must not snapshot this tenant, or undefined when it may: outside ALLOWED_TENANTS, or
 * outside SNAPSHOT_TENANTS when that is a list. The queue worker asks on every message (a message
 * may have been queued before the lists changed, or by anyone who can write to the queue).
 */
export function snapshotTenantRefusal(settings: Pick<Settings, 'allowedTenants' | 'snapshotTenants'>, msTenantId: string): string | undefined {
  const tenant = msTenantId.toLowerCase();
  if (settings.allowedTenants && !settings.allowedTenants.has(tenant)) return `Tenant ${tenant} is not in ALLOWED_TENANTS.`;
  const listed = settings.snapshotTenants;
  if (listed !== null && listed !== '*' && !listed.some((entry) => entry.msTenantId === tenant)) return `Tenant ${tenant} is not in SNAPSHOT_TENANTS.`;
  return undefined;
}
