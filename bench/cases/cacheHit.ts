import type { HttpHandler } from '@azure/functions';
import { scaleTenantId } from '../../sandbox/tenants';
import { invokeHttp } from '../support/invokeHandler';
import { formatMs, formatRatio, type ResultRow } from '../support/resultRow';
import { compare } from '../support/timing';

const target = 0.05;

/** getTenantNumbers answered from the result cache against the same call with `Cache-Control: no-cache`. */
export async function cacheHit(handler: HttpHandler): Promise<ResultRow> {
  const msTenantId = scaleTenantId(10_000);
  const path = `tenants/${msTenantId}/numbers`;
  const result = await compare({
    warmups: 5,
    runs: 21,
    measured: () => invokeHttp(handler, path, { msTenantId }),
    baseline: () => invokeHttp(handler, path, { msTenantId }, { 'cache-control': 'no-cache' }),
  });
  const ratio = result.measuredMs / result.baselineMs;
  return {
    case: 'cache hit, 10k numbers',
    measured: formatMs(result.measuredMs),
    baseline: `${formatMs(result.baselineMs)} uncached`,
    ratio: formatRatio(ratio),
    target: `≤ ${target}×`,
    holds: ratio <= target,
  };
}
