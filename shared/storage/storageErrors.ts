/** The HTTP status of a storage SDK error (RestError), if it has one. */
export function storageStatus(error: unknown): number | undefined {
  if (error && typeof error === 'object' && 'statusCode' in error && typeof error.statusCode === 'number') return error.statusCode;
  return undefined;
}

export const isNotFound = (error: unknown) => storageStatus(error) === 404;
export const isConflict = (error: unknown) => storageStatus(error) === 409;
export const isPreconditionFailed = (error: unknown) => storageStatus(error) === 412;
