import { StorageUnavailableError } from '../errors/storageErrors';

/** The HTTP status of a storage SDK error (RestError), if it has one. */
export function storageStatus(error: unknown): number | undefined {
  if (error && typeof error === 'object' && 'statusCode' in error && typeof error.statusCode === 'number') return error.statusCode;
  return undefined;
}

export const isNotFound = (error: unknown) => storageStatus(error) === 404;
export const isConflict = (error: unknown) => storageStatus(error) === 409;
export const isPreconditionFailed = (error: unknown) => storageStatus(error) === 412;

/**
 * A storage SDK failure as the domain error it is (StorageUnavailableError), or undefined when it
 * is something else (a 404, a conflict, a bug). The storage clients throw the domain error
 * (storageDomainErrors below, storageDeadline.ts), so HTTP maps only that.
 */
export function asStorageUnavailable(error: unknown): StorageUnavailableError | undefined {
  if (!isStorageUnavailable(error)) return undefined;
  const status = storageStatus(error);
  const code = error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  return new StorageUnavailableError(`${(error as Error).name}${status === undefined ? '' : ` ${status}`}${code ? ` ${code}` : ''}`);
}

/**
 * Storage itself failing, not the request: no answer (refused, reset, timed out: the deadline's
 * AbortError), or a 5xx, 408 or 429 after the SDK's retries. Callers are told to come back later.
 */
export function isStorageUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError') return true;
  if (error.name !== 'RestError') return false;
  const status = storageStatus(error);
  return status === undefined || status >= 500 || status === 408 || status === 429;
}

/** What a storage call throws: an outage as StorageUnavailableError, anything else (404, 409, 412, …) as the SDK threw it. */
export function storageDomainError(error: unknown): unknown {
  return asStorageUnavailable(error) ?? error;
}
