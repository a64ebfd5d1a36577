import { DomainError } from './domainError';

/**
 * Table or Queue Storage (`SnapshotStorage`) did not answer, or failed: refused, reset, past the
 * storage deadline (shared/storage/storageDeadline.ts), or 5xx/408/429 after the SDK's retries.
 * The app's dependency failing, not the request: come back later.
 */
export class StorageUnavailableError extends DomainError {
  readonly code = 'storage-unavailable';
  readonly title = 'Storage unavailable';
  readonly permanent = false;
  readonly retryAfterSeconds = 30;

  constructor(reason: string) {
    super("The app's Table or Queue Storage (SnapshotStorage) did not answer; try again later.", reason);
  }
}
