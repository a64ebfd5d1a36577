import { InvalidEntityError } from '../errors/appErrors';
import { DomainError } from '../errors/domainError';
import { storageStatus } from '../storage/storageErrors';
import { LeaseLostError, TenantBusyError } from './tenantLease';

/**
 * Why a tenant's snapshot failed, for its outcome row (which listSnapshotRuns shows): the API
 * domain error's caller-safe detail, or the storage status, or the error's kind. Never a token or body.
 */
export function failureReason(error: unknown): string {
  if (error instanceof TenantBusyError || error instanceof LeaseLostError || error instanceof InvalidEntityError) return error.message;
  if (error instanceof DomainError) return `${error.title}: ${error.detail}`;
  const status = storageStatus(error);
  if (status !== undefined) {
    const code = error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
    return `Table Storage answered ${status}${code}`;
  }
  if (error instanceof Error && /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND/.test(error.message)) return 'Table Storage could not be reached';
  return error instanceof Error ? `Unexpected ${error.name}` : 'Unexpected failure';
}
