import type { HttpHandler } from '@azure/functions';
import { scaleTenantId } from '../../sandbox/tenants';
import { invokeHttp } from '../support/invokeHandler';
import { formatCount, formatMs, formatRatio, type ResultRow } from '../support/resultRow';
import { compare } from '../support/timing';

export interface ProxyCase {
  handler: HttpHandler;
  passThrough: (msTenantId: string) => Promise<Buffer>;
}

const runsBySize: Record<number, { warmups: number; runs: number; target?: number }> = {
  1_000: { warmups: 5, runs: 21 },
  10_000: { warmups: 3, runs: 11, target: 1.5 },
  100_000: { warmups: 1, runs: 5, target: 1.5 },
};

/**
 * getTenantNumbers with the result cache off (every call goes upstream, is validated and normalised,
 * and answers its first page of 1,000) against a bare pass-through of the same upstream body.
 */
export async function proxyCost({ handler, passThrough }: ProxyCase): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const [size, plan] of Object.entries(runsBySize)) {
    const msTenantId = scaleTenantId(Number(size));
    const result = await compare({
      ...plan,
      measured: () => invokeHttp(handler, `tenants/${msTenantId}/numbers`, { msTenantId }),
      baseline: () => passThrough(msTenantId),
    });
    const ratio = result.measuredMs / result.baselineMs;
    rows.push({
      case: `proxy cost, ${formatCount(Number(size))} numbers, cache off`,
      measured: formatMs(result.measuredMs),
      baseline: `${formatMs(result.baselineMs)} pass-through`,
      ratio: formatRatio(ratio),
      target: plan.target === undefined ? 'report' : `≤ ${plan.target}×`,
      holds: plan.target === undefined ? null : ratio <= plan.target,
    });
  }
  return rows;
}
