import { manualRunId } from '../shared/snapshots/runIds';
import { outcomePartition, type OutcomeEntity } from '../shared/snapshots/runRows';
import { appSnapshotTables } from '../shared/storage/snapshotTables';
import { useSettings } from '../test/support/appState';
import { invokeHttp, type InvokeResult } from '../test/support/invokeHttp';
import { getStats, getTenantRecords, registerTenant, setFault, uniqueTenantId, type FaultSpec } from '../test/support/sandboxControl';
import { deliver } from '../test/snapshots/support/queueDelivery';
import { changeRows, numberRows } from '../test/snapshots/support/snapshotHarness';
import { Figures, ratio } from './support/figures';
import { captureLines } from './support/scanCapture';
import { inBatches, problemDefect, problemType } from './support/responses';
import { settle, unhandledSoFar } from './support/unhandledRejections';
import { routes, type Route } from './support/faultRoutes';

/**
 * Suite 1, upstream faults: every sandbox fault × every route that calls the Live Platform, and the
 * snapshot worker. Per call: the contract's status, a correct problem+json, an answer within
 * LIVE_PLATFORM_TIMEOUT_MS + 1 s, upstream calls within retries + 1; for the worker, the host's
 * retry (throw) or last-delivery outcome and the tenant's rows untouched. Token faults are in
 * tokenFaults.chaos.ts (they need a module registry of their own).
 */

const timeoutMs = 2000;
const retries = 2;
const graceMs = 1000;

interface FaultCase {
  name: string;
  spec: FaultSpec | null;
  /** Status of the live routes. */
  status: number;
  /** Problem type of that answer (for non-2xx). */
  type?: string;
  /** Upstream calls one live call may make. */
  calls: { min: number; max: number };
  /** The worker: 'succeeded', 'failed' at once (permanent), or 'retry' (thrown until the last delivery). */
  worker: 'succeeded' | 'failed' | 'retry';
  retryAfter?: string;
}

const one = { min: 1, max: 1 };
const all = { min: retries + 1, max: retries + 1 };
const cases: FaultCase[] = [
  { name: 'none (control)', spec: null, status: 200, calls: one, worker: 'succeeded' },
  { name: '429 without Retry-After', spec: { fault: '429' }, status: 503, type: 'upstream-throttled', calls: { min: 1, max: retries + 1 }, worker: 'retry' },
  {
    name: '429 Retry-After 1 s',
    spec: { fault: '429', retryAfterSeconds: 1 },
    status: 503,
    type: 'upstream-throttled',
    calls: { min: 1, max: retries + 1 },
    worker: 'retry',
  },
  {
    name: '429 Retry-After 30 s',
    spec: { fault: '429', retryAfterSeconds: 30 },
    status: 503,
    type: 'upstream-throttled',
    calls: one,
    worker: 'retry',
    retryAfter: '30',
  },
  { name: '500', spec: { fault: '500' }, status: 502, type: 'upstream-unavailable', calls: all, worker: 'retry' },
  { name: '503', spec: { fault: '503' }, status: 502, type: 'upstream-unavailable', calls: all, worker: 'retry' },
  { name: '503 once, then well', spec: { fault: '503', times: 1 }, status: 200, calls: { min: 2, max: 2 }, worker: 'succeeded' },
  { name: 'slow within the deadline (300 ms)', spec: { fault: 'slow', delayMs: 300 }, status: 200, calls: one, worker: 'succeeded' },
  { name: 'slow past the deadline (10 s)', spec: { fault: 'slow', delayMs: 10_000 }, status: 504, type: 'upstream-timeout', calls: one, worker: 'retry' },
  { name: 'hang', spec: { fault: 'hang' }, status: 504, type: 'upstream-timeout', calls: one, worker: 'retry' },
  { name: 'reset', spec: { fault: 'reset' }, status: 502, type: 'upstream-unavailable', calls: all, worker: 'retry' },
  { name: 'reset mid-body', spec: { fault: 'resetMidBody' }, status: 502, type: 'upstream-unavailable', calls: all, worker: 'retry' },
  { name: 'invalid JSON', spec: { fault: 'invalidJson' }, status: 502, type: 'upstream-bad-response', calls: one, worker: 'retry' },
  { name: 'not an array', spec: { fault: 'nonArray' }, status: 502, type: 'upstream-bad-response', calls: one, worker: 'retry' },
  {
    name: 'oversized (4 MiB > 1 MiB limit)',
    spec: { fault: 'oversized', bytes: 4 * 1048576 },
    status: 502,
    type: 'upstream-bad-response',
    calls: one,
    worker: 'retry',
  },
  { name: 'redirect', spec: { fault: 'redirect' }, status: 502, type: 'upstream-bad-response', calls: one, worker: 'retry' },
  { name: 'schema drift', spec: { fault: 'drift' }, status: 200, calls: one, worker: 'succeeded' },
  { name: '401', spec: { fault: '401' }, status: 502, type: 'upstream-credentials-rejected', calls: one, worker: 'retry' },
  { name: '403', spec: { fault: '403' }, status: 502, type: 'upstream-credentials-rejected', calls: one, worker: 'retry' },
  { name: '404', spec: { fault: '404' }, status: 404, type: 'tenant-not-found', calls: one, worker: 'failed' },
];

interface Observation {
  fault: string;
  route: Route;
  ok: boolean;
  problems: string[];
  calls: number;
  elapsedMs: number[];
  deadlineOk: boolean;
  retryStormOk: boolean;
  rowsUntouched?: boolean;
  /** Most upstream calls one HTTP call or one delivery made. */
  mostCallsAtOnce: number;
}

const figures = new Figures('Upstream faults', 1);

beforeAll(() =>
  useSettings({
    LIVE_PLATFORM_TIMEOUT_MS: String(timeoutMs),
    LIVE_PLATFORM_RETRIES: String(retries),
    LIVE_PLATFORM_CACHE_SECONDS: '0',
    LIVE_PLATFORM_RATE_LIMIT: '1000',
    LIVE_PLATFORM_MAX_RESPONSE_BYTES: '1048576',
  }),
);

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; elapsedMs: number }> {
  const started = Date.now();
  const value = await work();
  return { value, elapsedMs: Date.now() - started };
}

/** A fresh tenant with 3 numbers; for source=auto and the worker, one successful snapshot first. */
async function prepareTenant(route: Route): Promise<{ msTenantId: string; number: string; baselineCalls: number; runId?: string }> {
  const msTenantId = uniqueTenantId();
  await registerTenant(msTenantId, { shape: 'legacy', count: 3 });
  const number = String((await getTenantRecords(msTenantId))[0]?.['telephoneNumber']);
  if (route === 'source=auto' || route === 'snapshot worker') {
    const runId = manualRunId(Date.now());
    const { logs } = await deliver({ runId, msTenantId, channelId: null, requestedAt: new Date().toISOString() });
    captureLines('upstream-faults', logs);
  }
  return { msTenantId, number, baselineCalls: (await getStats(msTenantId)).calls };
}

function checkAnswer(response: InvokeResult, expected: FaultCase, route: Route, problems: string[]): void {
  const wantStatus = route === 'source=auto' && expected.status >= 500 ? 200 : expected.status;
  if (response.status !== wantStatus) problems.push(`status ${response.status}, expected ${wantStatus}`);
  if (response.status >= 400) {
    const defect = problemDefect(response);
    if (defect) problems.push(defect);
    if (expected.type && problemType(response) !== expected.type) problems.push(`problem type ${String(problemType(response))}, expected ${expected.type}`);
    if (expected.retryAfter && response.headers.get('retry-after') !== expected.retryAfter)
      problems.push(`Retry-After ${String(response.headers.get('retry-after'))}`);
  }
  if (route === 'source=auto' && response.status === 200) {
    const wantSource = expected.status >= 500 ? 'snapshot' : 'live';
    if (response.headers.get('x-data-source') !== wantSource)
      problems.push(`X-Data-Source ${String(response.headers.get('x-data-source'))}, expected ${wantSource}`);
  }
}

async function liveRoute(route: Exclude<Route, 'snapshot worker'>, fault: FaultCase): Promise<Observation> {
  const { msTenantId, number, baselineCalls } = await prepareTenant(route);
  if (fault.spec) await setFault(msTenantId, fault.spec);
  const params = { msTenantId };
  const { value: response, elapsedMs } = await timed(() => {
    switch (route) {
      case 'getTenantNumbers':
        return invokeHttp('getTenantNumbers', `tenants/${msTenantId}/numbers`, { params });
      case 'getTenantNumber':
        return invokeHttp('getTenantNumber', `tenants/${msTenantId}/numbers/${encodeURIComponent(number)}`, { params: { ...params, telephoneNumber: number } });
      case 'getOcNumbers':
        return invokeHttp('getOcNumbers', `v2/oc/numbers?msTenantId=${msTenantId}`);
      case 'source=auto':
        return invokeHttp('getTenantNumbers', `tenants/${msTenantId}/numbers?source=auto`, { params });
    }
  });
  const problems: string[] = [];
  checkAnswer(response, fault, route, problems);
  const stats = await getStats(msTenantId);
  const calls = stats.calls - baselineCalls;
  if (stats.redirectsFollowed > 0) problems.push('followed a redirect');
  const retryStormOk = calls >= fault.calls.min && calls <= fault.calls.max;
  if (!retryStormOk) problems.push(`${calls} upstream calls, expected ${fault.calls.min}…${fault.calls.max}`);
  const deadlineOk = elapsedMs <= timeoutMs + graceMs;
  if (!deadlineOk) problems.push(`answered after ${elapsedMs} ms`);
  return { fault: fault.name, route, ok: problems.length === 0, problems, calls, elapsedMs: [elapsedMs], deadlineOk, retryStormOk, mostCallsAtOnce: calls };
}

const outcomeOf = (runId: string, msTenantId: string) => appSnapshotTables().runs.getEntity<OutcomeEntity>(outcomePartition(runId), msTenantId);

/** requestTenantSnapshot (202, no upstream call), then the host's first and last deliveries of its message. */
async function workerRoute(fault: FaultCase): Promise<Observation> {
  const route: Route = 'snapshot worker';
  const { msTenantId, baselineCalls } = await prepareTenant(route);
  const rowsBefore = await numberRows(appSnapshotTables(), msTenantId);
  const changesBefore = await changeRows(appSnapshotTables(), msTenantId);
  if (fault.spec) await setFault(msTenantId, fault.spec);
  const problems: string[] = [];

  const requested = await invokeHttp('requestTenantSnapshot', `tenants/${msTenantId}/snapshots`, { method: 'POST', params: { msTenantId } });
  if (requested.status !== 202) problems.push(`requestTenantSnapshot answered ${requested.status}`);
  const { runId } = requested.json<{ runId: string }>();
  const message = {
    runId,
    msTenantId,
    channelId: null,
    requestedAt: new Date().toISOString(),
    correlationId: requested.headers.get('x-correlation-id') ?? runId,
  };

  const elapsed: number[] = [];
  const callsPerDelivery: number[] = [];
  let seen = baselineCalls;
  const delivery = async (dequeueCount: number): Promise<'done' | 'thrown'> => {
    const started = Date.now();
    let result: 'done' | 'thrown' = 'done';
    try {
      const { logs } = await deliver(message, dequeueCount);
      captureLines('upstream-faults', logs);
    } catch (error) {
      result = 'thrown';
      captureLines('upstream-faults', [`delivery ${dequeueCount} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`]);
    }
    elapsed.push(Date.now() - started);
    const calls = (await getStats(msTenantId)).calls;
    callsPerDelivery.push(calls - seen);
    seen = calls;
    return result;
  };

  const first = await delivery(1);
  let finalStatus = (await outcomeOf(runId, msTenantId)).status;
  if (fault.worker === 'retry') {
    if (first !== 'thrown') problems.push('first delivery did not throw for the host to retry');
    if (finalStatus !== 'running') problems.push(`outcome ${finalStatus} after a retryable failure`);
    // The host's fifth delivery is its last (host.json maxDequeueCount): recorded as failed, not thrown.
    const last = await delivery(5);
    if (last !== 'done') problems.push('last delivery threw (message would go to the poison queue)');
    finalStatus = (await outcomeOf(runId, msTenantId)).status;
    if (finalStatus !== 'failed') problems.push(`outcome ${finalStatus} after the last delivery`);
  } else {
    if (first !== 'done') problems.push('delivery threw');
    if (finalStatus !== fault.worker) problems.push(`outcome ${finalStatus}, expected ${fault.worker}`);
  }

  const run = await invokeHttp('listSnapshotRuns', `snapshot-runs?runId=${runId}`);
  const runStatus = run.json<{ value: { status: string }[] }>().value[0]?.status;
  const wantRun = fault.worker === 'succeeded' ? 'succeeded' : 'failed';
  if (runStatus !== wantRun) problems.push(`listSnapshotRuns says ${String(runStatus)}, expected ${wantRun}`);

  let rowsUntouched: boolean | undefined;
  if (fault.worker !== 'succeeded') {
    rowsUntouched =
      JSON.stringify([...(await numberRows(appSnapshotTables(), msTenantId))]) === JSON.stringify([...rowsBefore]) &&
      JSON.stringify(await changeRows(appSnapshotTables(), msTenantId)) === JSON.stringify(changesBefore);
    if (!rowsUntouched) problems.push('number or change rows changed on failure');
  }
  // The worker's deadline covers the upstream call; its storage writes come on top (a few ms on loopback).
  const deadlineOk = elapsed.every((ms) => ms <= timeoutMs + graceMs);
  if (!deadlineOk) problems.push(`deliveries took ${elapsed.join(', ')} ms`);
  const retryStormOk = callsPerDelivery.every((calls) => calls >= (fault.spec ? 0 : 1) && calls <= fault.calls.max);
  if (!retryStormOk) problems.push(`upstream calls per delivery ${callsPerDelivery.join(', ')}, at most ${fault.calls.max}`);
  const calls = callsPerDelivery.reduce((a, b) => a + b, 0);
  return {
    fault: fault.name,
    route,
    ok: problems.length === 0,
    problems,
    calls,
    elapsedMs: elapsed,
    deadlineOk,
    retryStormOk,
    rowsUntouched,
    mostCallsAtOnce: Math.max(...callsPerDelivery),
  };
}

describe('upstream faults × routes', () => {
  const observations: Observation[] = [];

  test.each(cases.map((fault) => [fault.name, fault] as const))('%s', async (_name, fault) => {
    const results = await inBatches(routes, routes.length, (route) => (route === 'snapshot worker' ? workerRoute(fault) : liveRoute(route, fault)));
    observations.push(...results);
    const wrong = results.filter((result) => !result.ok).map((result) => `${result.route}: ${result.problems.join('; ')}`);
    expect(wrong).toEqual([]);
  });

  afterAll(async () => {
    await settle(timeoutMs);
    const total = observations.length;
    const right = observations.filter((o) => o.ok).length;
    const durations = observations.flatMap((o) => o.elapsedMs);
    const overDeadline = observations.filter((o) => !o.deadlineOk).length;
    const worker = observations.filter((o) => o.route === 'snapshot worker');
    const failedWorker = worker.filter((o) => o.rowsUntouched !== undefined);
    const maxCalls = Math.max(...observations.map((o) => o.mostCallsAtOnce));
    figures.note(
      `${cases.length} fault cases (${cases.map((c) => c.name).join(', ')}) × ${routes.length} routes (${routes.join(', ')}); ` +
        `LIVE_PLATFORM_TIMEOUT_MS=${timeoutMs}, LIVE_PLATFORM_RETRIES=${retries}, LIVE_PLATFORM_MAX_RESPONSE_BYTES=1 MiB, cache off.`,
    );
    figures.note(
      "Worker: requestTenantSnapshot (202), then the host's 1st delivery (a retryable failure must throw, outcome `running`) and 5th, last delivery (outcome `failed`, not thrown); 404 is recorded as failed at once.",
    );
    const unhandled = unhandledSoFar();
    figures.checkAll([
      {
        check: 'fault × route combinations answered as the contract says (status, problem+json, Retry-After, X-Data-Source)',
        figure: ratio(right, total),
        target: `${total} / ${total}`,
        pass: right === total && total === cases.length * routes.length,
      },
      {
        check: 'calls past LIVE_PLATFORM_TIMEOUT_MS + 1 s',
        figure: `${overDeadline} (slowest ${Math.max(...durations)} ms)`,
        target: `0 (≤ ${timeoutMs + graceMs} ms)`,
        pass: overDeadline === 0,
      },
      {
        check: 'retry storms (upstream calls per call > retries + 1)',
        figure: `${observations.filter((o) => !o.retryStormOk).length} (most for one call or delivery: ${maxCalls})`,
        target: `0 (≤ ${retries + 1})`,
        pass: observations.every((o) => o.retryStormOk),
      },
      {
        check: 'snapshot rows untouched after a failed tenant',
        figure: ratio(failedWorker.filter((o) => o.rowsUntouched).length, failedWorker.length),
        target: 'all',
        pass: failedWorker.every((o) => o.rowsUntouched) && failedWorker.length > 0,
      },
      {
        check: 'unhandled rejections',
        figure: `${unhandled.count}${unhandled.samples.length > 0 ? ` (${unhandled.samples.join('; ')})` : ''}`,
        target: '0',
        pass: unhandled.count === 0,
      },
    ]);
  });
});
