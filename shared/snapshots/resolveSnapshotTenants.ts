import type { Settings, SnapshotTenant } from '../config/settings';
import { guidRegExp as guid, maxChannelId } from '../ids/idsAndLimits';
import type { Logger } from '../logging/logger';

export type FetchCustomers = () => Promise<unknown[]>;

/**
 * The tenants a scheduled run covers: the SNAPSHOT_TENANTS list, or with `*` every customer the
 * Live Platform lists (`MsTenantId`, on its `ovocChannelId` when it has one). Null when unset.
 */
export async function resolveSnapshotTenants(settings: Settings, fetchCustomers: FetchCustomers, log: Logger): Promise<SnapshotTenant[] | null> {
  const configured = settings.snapshotTenants;
  if (configured === null) return null;
  if (configured !== '*') return configured.map((tenant) => ({ msTenantId: tenant.msTenantId, channelId: tenant.channelId ?? settings.defaultChannelId }));

  const tenants = new Map<string, SnapshotTenant>();
  let skipped = 0;
  for (const customer of await fetchCustomers()) {
    const fields = customer && typeof customer === 'object' ? (customer as Record<string, unknown>) : {};
    const id = fields['MsTenantId'];
    if (typeof id !== 'string' || !guid.test(id)) {
      skipped++;
      continue;
    }
    const channel = fields['ovocChannelId'];
    const channelId =
      Number.isInteger(channel) && (channel as number) >= 0 && (channel as number) <= maxChannelId ? (channel as number) : settings.defaultChannelId;
    if (!tenants.has(id.toLowerCase())) tenants.set(id.toLowerCase(), { msTenantId: id.toLowerCase(), channelId });
  }
  if (skipped > 0) log.warn(`Tenant discovery skipped ${skipped} customer(s) without a usable MsTenantId`);
  return [...tenants.values()];
}
