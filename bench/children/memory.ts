import '../../localhost/useFunctionsCore';
import type { HttpHandler } from '@azure/functions';
import { scaleTenantId } from '../../sandbox/tenants';
import { invokeHttp } from '../support/invokeHandler';
import { loadApp, registeredHandler } from '../support/loadApp';
import { passThrough, upstreamToken } from '../support/passThrough';
import { settle } from '../support/timing';

/**
 * One uncached request for a large tenant in a fresh process, so nothing else has touched its
 * memory: prints how far the peak RSS rose above the RSS just before the request.
 * argv: `handler` (getTenantNumbers), `mirror` (getOcNumbers) or `passThrough` (the proxy baseline), then the number count.
 */
async function main(): Promise<void> {
  const [mode, count] = process.argv.slice(2);
  const call = await caller(mode);
  // Token, sockets and lazily loaded modules first: they are not the request's cost.
  await call(scaleTenantId(1_000));
  settle();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const before = process.memoryUsage().rss;
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  await call(scaleTenantId(Number(count)));
  const peakAfter = process.resourceUsage().maxRSS * 1024;
  if (peakAfter <= peakBefore)
    throw new Error(`the request did not raise the peak RSS (${before} before, peak ${peakBefore} then ${peakAfter}): the measurement would be meaningless`);
  process.stdout.write(`${JSON.stringify({ growthBytes: peakAfter - before })}\n`);
}

async function caller(mode: string | undefined): Promise<(msTenantId: string) => Promise<unknown>> {
  if (mode === 'handler') {
    loadApp();
    const handler = registeredHandler<HttpHandler>('getTenantNumbers');
    return (msTenantId) => invokeHttp(handler, `tenants/${msTenantId}/numbers`, { msTenantId });
  }
  if (mode === 'mirror') {
    loadApp();
    const handler = registeredHandler<HttpHandler>('getOcNumbers');
    return (msTenantId) => invokeHttp(handler, `v2/oc/numbers?msTenantId=${msTenantId}`, {});
  }
  if (mode === 'passThrough') {
    const env = process.env as Record<string, string>;
    const access = {
      liveBaseUrl: env['LIVE_PLATFORM_BASE_URL'] ?? '',
      identityEndpoint: env['IDENTITY_ENDPOINT'] ?? '',
      identityHeader: env['IDENTITY_HEADER'] ?? '',
      audience: (env['LIVE_PLATFORM_SCOPE'] ?? '').replace(/\/\.default$/, ''),
    };
    return passThrough(access, await upstreamToken(access));
  }
  throw new Error(`unknown mode ${String(mode)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
