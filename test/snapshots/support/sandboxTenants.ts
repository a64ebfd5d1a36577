import { DRIFT_TENANT_ID, getTenantRecords, registerTenant, uniqueTenantId, type NumberRecord } from '../../support/sandboxControl';

/** A fresh sandbox tenant with explicit records, so a test can change them between snapshots. */
export async function tenantWithRecords(records: NumberRecord[]): Promise<string> {
  const msTenantId = uniqueTenantId();
  await registerTenant(msTenantId, { records: records.map((record) => ({ ...record, tenantId: msTenantId })) });
  return msTenantId;
}

/** Generated records of one shape for a fresh tenant (the tenant is registered with them). */
export async function generatedTenant(shape: 'legacy' | 'modern', count: number): Promise<{ msTenantId: string; records: NumberRecord[] }> {
  const msTenantId = uniqueTenantId();
  await registerTenant(msTenantId, { shape, count });
  return { msTenantId, records: await getTenantRecords(msTenantId) };
}

/** The built-in drift tenant's records (both shapes, unknown fields, two broken records) under a fresh id. */
export async function driftTenant(): Promise<{ msTenantId: string; records: NumberRecord[] }> {
  const records = await getTenantRecords(DRIFT_TENANT_ID);
  const msTenantId = await tenantWithRecords(records);
  return { msTenantId, records: await getTenantRecords(msTenantId) };
}

export async function setRecords(msTenantId: string, records: NumberRecord[]): Promise<void> {
  await registerTenant(msTenantId, { records });
}
