import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { TableServiceClientOptions } from '@azure/data-tables';
import type { SnapshotTableRole } from '../../../shared/storage/tableNames';

/** Entity write requests (and the entity operations inside them) each table's client really sent, and its entity reads. */
export interface TableRequests {
  requests: number;
  operations: number;
  /** GET requests for entities: point reads and query pages. */
  reads: number;
}

export type RequestCounts = Record<SnapshotTableRole, TableRequests>;

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'MERGE', 'DELETE']);

export function emptyRequestCounts(): RequestCounts {
  return {
    numbers: { requests: 0, operations: 0, reads: 0 },
    changes: { requests: 0, operations: 0, reads: 0 },
    runs: { requests: 0, operations: 0, reads: 0 },
    feed: { requests: 0, operations: 0, reads: 0 },
    index: { requests: 0, operations: 0, reads: 0 },
  };
}

/**
 * A pipeline policy per table that counts what goes over the wire: a measurement, not a guess.
 * Table creation (POST /Tables) is not an entity write and is not counted; a request the SDK
 * retries counts once. `beforeWrite` runs before each counted request is sent: a crash test stops
 * storage there (and turns the SDK's retries off, so the crash is not retried away).
 */
export function countingOptions(counts: RequestCounts, beforeWrite?: (role: SnapshotTableRole, counts: RequestCounts) => Promise<void>) {
  return (role: SnapshotTableRole): TableServiceClientOptions => {
    const policy: PipelinePolicy = {
      name: `count-${role}-requests`,
      async sendRequest(request, next) {
        const isWrite = writeMethods.has(request.method) && !/\/Tables(\?|$)/.test(request.url);
        if (request.method === 'GET' && !/\/Tables(\?|$|\()/.test(request.url)) counts[role].reads += 1;
        if (isWrite) {
          const body = typeof request.body === 'string' ? request.body : '';
          const batched = request.url.includes('$batch') ? (body.match(/^(POST|PUT|PATCH|MERGE|DELETE) https?:\/\//gm) ?? []).length : 1;
          counts[role].requests += 1;
          counts[role].operations += batched;
          await beforeWrite?.(role, counts);
        }
        return next(request);
      },
    };
    return { additionalPolicies: [{ policy, position: 'perCall' }], ...(beforeWrite ? { retryOptions: { maxRetries: 0 } } : {}) };
  };
}
