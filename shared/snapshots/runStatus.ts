import type { RunEntity, RunStatus, TenantStatus } from './runRows';

/**
 * A run's status, derived from its tenants' outcomes when read (no shared counter for every tenant
 * to contend on): `running` until every tenant has a final outcome, then `failed` if all failed,
 * `partial` if some did, `suspect` if any tenant's releases were withheld, else `succeeded`.
 */
export function runStatus(run: Pick<RunEntity, 'tenantCount' | 'error'>, tenantStatuses: readonly TenantStatus[]): RunStatus {
  if (run.error) return 'failed';
  if (run.tenantCount === undefined) return 'running';
  const final = tenantStatuses.filter((status) => status !== 'running');
  if (final.length < run.tenantCount) return 'running';
  const failed = final.filter((status) => status === 'failed').length;
  if (failed > 0) return failed === final.length ? 'failed' : 'partial';
  return final.includes('suspect') ? 'suspect' : 'succeeded';
}
