import { scaleTenantId } from '../../sandbox/tenants';
import { childScript, runJsonChild } from '../support/childProcess';
import type { UpstreamAccess } from '../support/passThrough';
import { formatMiB, formatRatio, type ResultRow } from '../support/resultRow';
import { median } from '../support/timing';

// BENCH_MEMORY_NUMBERS measures another size (the default response limit's, say); BENCH_MEMORY_RUNS fewer runs.
const size = Number(process.env['BENCH_MEMORY_NUMBERS'] ?? 100_000);
const target = 4;
const runs = Number(process.env['BENCH_MEMORY_RUNS'] ?? 3);
const label = `${Math.round(size / 1000)}k numbers`;

/** Bytes of the tenant's upstream answer, as the Live Platform sends it. */
async function upstreamBodyBytes(access: UpstreamAccess, token: string): Promise<number> {
  const url = `${access.liveBaseUrl}/api/v2/oc/numbers?msTenantId=${scaleTenantId(size)}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  return (await response.arrayBuffer()).byteLength;
}

async function peakGrowth(mode: 'handler' | 'mirror' | 'passThrough', env: NodeJS.ProcessEnv): Promise<number> {
  const growth: number[] = [];
  for (let run = 0; run < runs; run++) {
    const options = { env, nodeArgs: ['--expose-gc', '--max-old-space-size=8192'], args: [mode, String(size)], ownPeakRss: true };
    growth.push((await runJsonChild<{ growthBytes: number }>(childScript('memory'), options)).growthBytes);
  }
  return median(growth);
}

/** Peak RSS growth of one uncached request for a `size`-number tenant, each in a fresh process, against the upstream body size. */
export async function memory(access: UpstreamAccess, token: string, appEnv: Record<string, string>): Promise<ResultRow[]> {
  const env = { ...process.env, ...appEnv, LIVE_PLATFORM_CACHE_SECONDS: '0' };
  const bodyBytes = await upstreamBodyBytes(access, token);
  const handlerGrowth = await peakGrowth('handler', env);
  const mirrorGrowth = await peakGrowth('mirror', env);
  const passThroughGrowth = await peakGrowth('passThrough', env);
  return [
    {
      case: `memory, ${label}: peak RSS growth of one uncached request`,
      measured: formatMiB(handlerGrowth),
      baseline: `${formatMiB(bodyBytes)} upstream body`,
      ratio: formatRatio(handlerGrowth / bodyBytes),
      target: `≤ ${target}×`,
      holds: handlerGrowth / bodyBytes <= target,
    },
    {
      case: `memory, ${label}: the same for getOcNumbers (the drop-in mirror)`,
      measured: formatMiB(mirrorGrowth),
      baseline: `${formatMiB(bodyBytes)} upstream body`,
      ratio: formatRatio(mirrorGrowth / bodyBytes),
      target: 'report',
      holds: null,
    },
    {
      case: `memory, ${label}: the same for the pass-through`,
      measured: formatMiB(passThroughGrowth),
      baseline: `${formatMiB(bodyBytes)} upstream body`,
      ratio: formatRatio(passThroughGrowth / bodyBytes),
      target: 'report',
      holds: null,
    },
  ];
}
