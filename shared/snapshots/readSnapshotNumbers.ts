import type { SnapshotNumbersReader } from '../numbers/loadTenantNumbers';

/**
 * `source=snapshot|auto` reads through here. The Table Storage SDK is loaded on first use, so the
 * live HTTP path (which imports this module) never pays for loading it.
 */
export const readSnapshotNumbers: SnapshotNumbersReader = async (msTenantId) => {
  const reader = require('./tenantSnapshotReader') as typeof import('./tenantSnapshotReader');
  return reader.readTenantSnapshot(msTenantId);
};
