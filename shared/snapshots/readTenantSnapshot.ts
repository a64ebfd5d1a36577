import type { TenantSnapshotReader } from '../numbers/loadTenantNumbers';
import { lateLoad } from '../runtime/lateLoad';

const fromTables = lateLoad<typeof import('./tenantSnapshotFromTables')>(require, './tenantSnapshotFromTables');

/**
 * `source=snapshot|auto` reads through here. The Table Storage SDK is loaded on first use, so the
 * live HTTP path (which imports this module) never pays for loading it.
 */
export const readTenantSnapshot: TenantSnapshotReader = async (msTenantId) => fromTables().readTenantSnapshotFromTables(msTenantId);
