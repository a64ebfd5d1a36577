import { randomUUID } from 'node:crypto';
import { HttpRequest, InvocationContext, type HttpHandler, type HttpResponseInit } from '@azure/functions';
import { manualRunId } from '../shared/snapshots/runIds';
import { useSettings } from '../test/support/appState';
import { registeredHandler } from '../test/support/loadFunctionApp';
import { getStats, getTenantRecords, registerTenant, setFault, uniqueTenantId } from '../test/support/sandboxControl';
import { testFunctionKey } from '../test/support/testFunctionKey';
import { deliver } from '../test/snapshots/support/queueDelivery';
import { Figures, percentile } from './support/figures';
import { problemType } from './support/responses';
import { leaks, secretValues } from './support/secretValues';
import { settle, unhandledSoFar } from './support/unhandledRejections';

/**
 * Suite 4, load: 50 concurrent callers for 60 s (three rounds of 20 s) against the HTTP handlers,
 * with 40 ms of sandbox latency on every Live Platform call and the default rate budget
 * (LIVE_PLATFORM_RATE_LIMIT=10 per 10 s) and cache. The only error allowed is the intended 503 of
 * a spent rate budget; the Live Platform must never see more than the budget in any 10 s window;
 * the heap after GC must stay flat from round to round. Every answer and log line is scanned for
 * secrets as it comes (writing 60 s of answers out would be gigabytes).
 *
 * CHAOS_LOAD_SECONDS shortens the run while developing; the benchmarks share this machine, so the
 * full length is for a quiet machine (chaos/run.mjs warns when benchmark processes are running).
 */

const totalSeconds = Number(process.env['CHAOS_LOAD_SECONDS'] ?? 60);
const rounds = 3;
const callers = 50;
const tenantCount = 20;
const numbersPerTenant = 100;
const latencyMs = 40;
const rateLimit = 10;
const heapToleranceBytes = 8 * 1024 * 1024;

interface Tally {
  requests: number;
  ok: number;
  intended503: number;
  errors: number;
  errorSamples: string[];
  byKind: Record<string, number>;
  latencies: number[];
  leaks: number;
  scannedBytes: number;
}

const tally: Tally = { requests: 0, ok: 0, intended503: 0, errors: 0, errorSamples: [], byKind: {}, latencies: [], leaks: 0, scannedBytes: 0 };
const figures = new Figures('Load', 4);
const tenants: { msTenantId: string; numbers: string[] }[] = [];
const handlers = new Map<string, HttpHandler>();
let secrets: string[] = [];

async function bodyText(response: HttpResponseInit): Promise<string> {
  if (response.jsonBody !== undefined) return JSON.stringify(response.jsonBody);
  if (response.body === undefined || response.body === null) return '';
  return typeof response.body === 'string' ? response.body : new Response(response.body as ConstructorParameters<typeof Response>[0]).text();
}

/** One call the way the host makes it (real HttpRequest and InvocationContext), without writing it to disk. */
async function call(
  name: string,
  pathAndQuery: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; body: string; logs: string[]; headers: Headers }> {
  let handler = handlers.get(name);
  if (!handler) {
    handler = registeredHandler<HttpHandler>(name);
    handlers.set(name, handler);
  }
  const url = `http://localhost:7071/api/${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}code=${testFunctionKey}`;
  const request = new HttpRequest({ method, url, headers: { 'x-functions-key': testFunctionKey, ...headers }, params });
  const logs: string[] = [];
  const context = new InvocationContext({
    functionName: name,
    invocationId: randomUUID(),
    logHandler: (level, ...args) => logs.push(`${level}: ${args.map(String).join(' ')}`),
  });
  const response = await handler(request, context);
  const body = await bodyText(response);
  return { status: response.status ?? 200, body, logs, headers: new Headers(response.headers as ConstructorParameters<typeof Headers>[0]) };
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** The mix of calls a busy tenant base makes: mostly live lists and lookups, some snapshot reads and histories, a few cache bypasses. */
function nextCall(): { kind: string; run: () => ReturnType<typeof call> } {
  const tenant = pick(tenants);
  const params = { msTenantId: tenant.msTenantId };
  const roll = Math.random();
  if (roll < 0.45) {
    const query = pick([
      'top=20',
      'top=50&skip=10',
      'assignmentStatus=Unassigned',
      'capability=InboundCalling&fields=telephoneNumber,assignmentStatus',
      'numberStartsWith=%2B1&top=10',
      'format=csv&top=25',
    ]);
    return { kind: 'getTenantNumbers', run: () => call('getTenantNumbers', `tenants/${tenant.msTenantId}/numbers?${query}`, params) };
  }
  if (roll < 0.6) {
    const number = pick(tenant.numbers);
    return {
      kind: 'getTenantNumber',
      run: () => call('getTenantNumber', `tenants/${tenant.msTenantId}/numbers/${encodeURIComponent(number)}`, { ...params, telephoneNumber: number }),
    };
  }
  if (roll < 0.7) return { kind: 'getOcNumbers', run: () => call('getOcNumbers', `v2/oc/numbers?msTenantId=${tenant.msTenantId}`, {}) };
  if (roll < 0.8)
    return { kind: 'source=snapshot', run: () => call('getTenantNumbers', `tenants/${tenant.msTenantId}/numbers?source=snapshot&top=20`, params) };
  if (roll < 0.87) return { kind: 'source=auto', run: () => call('getTenantNumbers', `tenants/${tenant.msTenantId}/numbers?source=auto&top=20`, params) };
  if (roll < 0.92)
    return {
      kind: 'Cache-Control: no-cache',
      run: () => call('getTenantNumbers', `tenants/${tenant.msTenantId}/numbers?top=5`, params, { 'Cache-Control': 'no-cache' }),
    };
  if (roll < 0.97) return { kind: 'getTenantNumberChanges', run: () => call('getTenantNumberChanges', `tenants/${tenant.msTenantId}/changes?top=20`, params) };
  return { kind: 'listSnapshotRuns', run: () => call('listSnapshotRuns', 'snapshot-runs?top=5', {}) };
}

async function caller(until: number): Promise<void> {
  while (Date.now() < until) {
    const { kind, run } = nextCall();
    const started = performance.now();
    let outcome: 'ok' | 'intended' | 'error' = 'error';
    let detail = '';
    try {
      const response = await run();
      const text = `${response.status} ${JSON.stringify(Object.fromEntries(response.headers))} ${response.body}\n${response.logs.join('\n')}`;
      tally.scannedBytes += text.length;
      if (leaks(text, secrets)) tally.leaks += 1;
      if (response.status === 200 || response.status === 304) outcome = 'ok';
      else if (response.status === 503 && problemType(response) === 'upstream-throttled' && /rate budget spent/.test(response.logs.join('\n')))
        outcome = 'intended';
      else detail = `${kind} → ${response.status} ${problemType(response) ?? ''}`;
    } catch (error) {
      detail = `${kind} threw ${error instanceof Error ? error.message : String(error)}`;
    }
    tally.requests += 1;
    tally.byKind[kind] = (tally.byKind[kind] ?? 0) + 1;
    tally.latencies.push(performance.now() - started);
    if (outcome === 'ok') tally.ok += 1;
    else if (outcome === 'intended') tally.intended503 += 1;
    else {
      tally.errors += 1;
      if (tally.errorSamples.length < 5) tally.errorSamples.push(detail);
    }
  }
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (npm run chaos does)');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** The most calls in any 10 s window (sliding, on the sandbox's arrival times). */
function busiestWindow(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= 10_000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

beforeAll(async () => {
  secrets = secretValues();
  // Set-up without a budget: tenants, their latency, and a snapshot of each for source=snapshot|auto.
  useSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000', LIVE_PLATFORM_RETRIES: '0' });
  for (let i = 0; i < tenantCount; i++) {
    const msTenantId = uniqueTenantId();
    await registerTenant(msTenantId, { shape: i % 2 === 0 ? 'legacy' : 'modern', count: numbersPerTenant });
    const numbers = (await getTenantRecords(msTenantId)).map((record) => String(record['telephoneNumber']));
    await deliver({ runId: manualRunId(Date.now()), msTenantId, channelId: null, requestedAt: new Date().toISOString() });
    await setFault(msTenantId, { fault: 'slow', delayMs: latencyMs });
    tenants.push({ msTenantId, numbers });
  }
  // The load itself runs with the app's defaults: rate budget 10 per 10 s, cache 30 s, 3 retries, 15 s deadline.
  useSettings({ LIVE_PLATFORM_RATE_LIMIT: String(rateLimit) });
}, 120_000);

describe('load', () => {
  const heaps: number[] = [];
  const roundStats: string[] = [];
  let loadStarted = 0;
  let heapBefore = 0;

  test(
    `${callers} concurrent callers, ${rounds} rounds of ${totalSeconds / rounds} s`,
    async () => {
      heapBefore = heapAfterGc();
      loadStarted = Date.now();
      for (let round = 1; round <= rounds; round++) {
        const before = tally.requests;
        const until = Date.now() + (totalSeconds / rounds) * 1000;
        await Promise.all(Array.from({ length: callers }, () => caller(until)));
        heaps.push(heapAfterGc());
        roundStats.push(`round ${round}: ${tally.requests - before} calls, heap after GC ${((heaps[heaps.length - 1] as number) / 1048576).toFixed(1)} MiB`);
      }
    },
    (totalSeconds + 120) * 1000,
  );

  afterAll(async () => {
    await settle(500);
    const elapsedS = (Date.now() - loadStarted) / 1000;
    const callTimes = (await Promise.all(tenants.map(async ({ msTenantId }) => (await getStats(msTenantId)).callTimes)))
      .flat()
      .filter((time) => time >= loadStarted);
    const busiest = busiestWindow(callTimes);
    const growth = (heaps[heaps.length - 1] ?? 0) - (heaps[0] ?? 0);
    const unhandled = unhandledSoFar();
    figures.note(
      `${tenantCount} tenants × ${numbersPerTenant} numbers, ${latencyMs} ms sandbox latency per call (fault \`slow\`), app defaults (rate budget ${rateLimit}/10 s, cache 30 s, 3 retries). Mix: ${Object.entries(
        tally.byKind,
      )
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ')}.`,
    );
    figures.note(`Heap after GC before the load ${(heapBefore / 1048576).toFixed(1)} MiB (sandbox, app and earlier set-up loaded); ${roundStats.join('; ')}.`);
    if (tally.errorSamples.length > 0) figures.note(`Errors: ${tally.errorSamples.join(' | ')}`);
    figures.checkAll([
      {
        check: 'calls answered (throughput; latency p50 / p99)',
        figure: `${tally.requests.toLocaleString('en-US')} in ${elapsedS.toFixed(0)} s = ${(tally.requests / elapsedS).toFixed(0)}/s; ${percentile(tally.latencies, 50).toFixed(1)} / ${percentile(tally.latencies, 99).toFixed(1)} ms`,
        target: `${callers} callers for ≥ 60 s`,
        pass: totalSeconds < 60 || (elapsedS >= 60 && tally.requests > 0),
      },
      {
        check: 'errors other than the intended 503 of a spent rate budget',
        figure: `${tally.errors} (intended 503: ${tally.intended503.toLocaleString('en-US')}; 200/304: ${tally.ok.toLocaleString('en-US')})`,
        target: '0',
        pass: tally.errors === 0 && tally.requests > 0,
      },
      {
        check: 'Live Platform calls in the busiest 10 s window (sandbox arrival times)',
        figure: `${busiest} (${callTimes.length} calls in all)`,
        target: `≤ ${rateLimit} (LIVE_PLATFORM_RATE_LIMIT)`,
        pass: busiest <= rateLimit && callTimes.length > 0,
        // Timing decides how far arrivals drift from the budget's clock, so the mark is set only when seen.
        ...(busiest > rateLimit ? { knownDefect: 'D4' } : {}),
      },
      {
        check: 'heap after GC, round 1 → 2 → 3',
        figure: `${heaps.map((heap) => (heap / 1048576).toFixed(1)).join(' → ')} MiB (${growth >= 0 ? '+' : ''}${(growth / 1048576).toFixed(1)})`,
        target: `round 3 ≤ round 1 + ${heapToleranceBytes / 1048576} MiB`,
        pass: heaps.length === rounds && growth <= heapToleranceBytes && (heaps[2] ?? 0) - (heaps[1] ?? 0) <= heapToleranceBytes,
      },
      {
        check: 'answers and log lines with a secret or token (scanned inline)',
        figure: `${tally.leaks} of ${tally.requests.toLocaleString('en-US')} (${(tally.scannedBytes / 1048576).toFixed(0)} MiB)`,
        target: '0',
        pass: tally.leaks === 0,
      },
      { check: 'unhandled rejections (load)', figure: String(unhandled.count), target: '0', pass: unhandled.count === 0 },
    ]);
  });
});
