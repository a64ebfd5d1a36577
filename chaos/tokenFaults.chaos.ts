import { lateLoad } from '../shared/runtime/lateLoad';
import { getStats, getTenantRecords, registerTenant, uniqueTenantId } from '../test/support/sandboxControl';
import { Figures, ratio } from './support/figures';
import { inBatches, problemDefect, problemType } from './support/responses';
import { captureLines } from './support/scanCapture';
import { clearTokenFault, setTokenFault, type TokenFaultKind } from './support/tokenFaults';
import { settle, unhandledSoFar } from './support/unhandledRejections';
import { routes, type Route } from './support/faultRoutes';

/**
 * Suite 1 (continued), token faults: the sandbox's token endpoints (managed identity and Entra
 * authority) hand the app's real credential an expired token, a token for another audience, a 500,
 * or no answer at all — in each credential mode — and every route that calls the Live Platform,
 * and the worker, must answer as the contract says, within the deadline. Then the fault clears and
 * the app must recover: the next call succeeds.
 *
 * Each case loads the app afresh (jest.resetModules), as a new instance would start: MSAL keeps
 * managed-identity tokens in a process-wide cache, so one case's token would otherwise be the next
 * case's.
 */

const timeoutMs = 2000;
const graceMs = 1000;
const modes = ['managed-identity', 'federated', 'client-secret'] as const;
type Mode = (typeof modes)[number];

const expected: Record<TokenFaultKind, { status: number; type: string; calls: number }> = {
  // The Live Platform refuses the token: 401 from upstream → 502, once, no retry.
  expired: { status: 502, type: 'upstream-credentials-rejected', calls: 1 },
  wrongAudience: { status: 502, type: 'upstream-credentials-rejected', calls: 1 },
  // No token: 503 naming the credential mode, and no upstream call.
  '500': { status: 503, type: 'token-unavailable', calls: 0 },
  // The token endpoint never answers: still "no token" (503 naming the mode), within the deadline —
  // not a 504 saying the Live Platform did not answer, when it was never asked.
  hang: { status: 503, type: 'token-unavailable', calls: 0 },
};
const faults = Object.keys(expected) as TokenFaultKind[];

interface CaseResult {
  mode: Mode;
  fault: TokenFaultKind;
  answered: number;
  right: number;
  problems: string[];
  slowestMs: number;
  /** Token-fault answers that blamed the Live Platform (504 upstream-timeout) instead of the token (defect D1). */
  blamed: number;
  recovered: boolean;
  recoveryDetail: string;
}

const figures = new Figures('Token faults', 1.5);

/**
 * Cases the app cannot recover from in-process, by its libraries' design (docs/reliability.md):
 * - managed identity + a refused token: MSAL keeps managed-identity tokens in a process-wide cache
 *   and @azure/identity 4.13 passes it neither forceRefresh nor claims, so the refused token is
 *   served until it nears expiry (the App Service identity endpoint caches tokens too);
 * - client secret / federated + an Entra 5xx: MSAL throttles the same token request for 60 s.
 */
const notRecoverable: readonly string[] = ['managed-identity/expired', 'managed-identity/wrongAudience', 'federated/500', 'client-secret/500'];
const isRecoverable = (mode: Mode, fault: TokenFaultKind): boolean => !notRecoverable.includes(`${mode}/${fault}`);
const results: CaseResult[] = [];

/** A module loaded now, from this folder: after jest.resetModules, a fresh copy. */
const load = <T>(specifier: string): T => lateLoad<T>(require, specifier)();

/** The app, loaded afresh for each case (see above). */
function loadApp() {
  jest.resetModules();
  return {
    useSettings: load<typeof import('../test/support/appState')>('../test/support/appState').useSettings,
    invokeHttp: load<typeof import('../test/support/invokeHttp')>('../test/support/invokeHttp').invokeHttp,
    deliver: load<typeof import('../test/snapshots/support/queueDelivery')>('../test/snapshots/support/queueDelivery').deliver,
    appSnapshotTables: load<typeof import('../shared/storage/snapshotTables')>('../shared/storage/snapshotTables').appSnapshotTables,
    harness: load<typeof import('../test/snapshots/support/snapshotHarness')>('../test/snapshots/support/snapshotHarness'),
    problemMapping: load<typeof import('../shared/http/problemMapping')>('../shared/http/problemMapping'),
    manualRunId: load<typeof import('../shared/snapshots/runIds')>('../shared/snapshots/runIds').manualRunId,
  };
}
type App = ReturnType<typeof loadApp>;

async function tenantWithSnapshot(app: App): Promise<{ msTenantId: string; number: string }> {
  const msTenantId = uniqueTenantId();
  await registerTenant(msTenantId, { shape: 'modern', count: 3 });
  const number = String((await getTenantRecords(msTenantId))[0]?.['telephoneNumber']);
  const { logs } = await app.deliver({ runId: app.manualRunId(Date.now()), msTenantId, channelId: null, requestedAt: new Date().toISOString() });
  captureLines('token-faults', logs);
  return { msTenantId, number };
}

async function callRoute(
  app: App,
  route: Route,
  msTenantId: string,
  number: string,
): Promise<{ status: number; problem?: string; type?: string; elapsedMs: number; source?: string | null }> {
  const started = Date.now();
  const params = { msTenantId };
  if (route === 'snapshot worker') {
    const runId = app.manualRunId(Date.now());
    try {
      const { logs } = await app.deliver({ runId, msTenantId, channelId: null, requestedAt: new Date().toISOString() }, 1);
      captureLines('token-faults', logs);
      return { status: 200, elapsedMs: Date.now() - started };
    } catch (error) {
      // The answer an HTTP function would have given for this error; a non-domain error has no type of its own.
      const problem = app.problemMapping.problemFor(error);
      const status = problem.status;
      const type = problem === app.problemMapping.internalProblem ? undefined : problem.problemType;
      captureLines('token-faults', [`worker delivery threw ${status} ${String(type)}`]);
      return { status, ...(type ? { type } : {}), elapsedMs: Date.now() - started };
    }
  }
  const response =
    route === 'getTenantNumbers'
      ? await app.invokeHttp('getTenantNumbers', `tenants/${msTenantId}/numbers`, { params })
      : route === 'getTenantNumber'
        ? await app.invokeHttp('getTenantNumber', `tenants/${msTenantId}/numbers/${encodeURIComponent(number)}`, {
            params: { ...params, telephoneNumber: number },
          })
        : route === 'getOcNumbers'
          ? await app.invokeHttp('getOcNumbers', `v2/oc/numbers?msTenantId=${msTenantId}`)
          : await app.invokeHttp('getTenantNumbers', `tenants/${msTenantId}/numbers?source=auto`, { params });
  const problem = response.status >= 400 ? problemDefect(response) : undefined;
  const type = response.status >= 400 ? problemType(response) : undefined;
  return {
    status: response.status,
    ...(problem ? { problem } : {}),
    ...(type ? { type } : {}),
    elapsedMs: Date.now() - started,
    source: response.headers.get('x-data-source'),
  };
}

describe('token faults × credential modes × routes', () => {
  afterEach(() => clearTokenFault());

  test.each(modes.flatMap((mode) => faults.map((fault) => [mode, fault] as const)))('%s: %s', async (mode, fault) => {
    const app = loadApp();
    app.useSettings({
      LIVE_PLATFORM_AUTH: mode,
      LIVE_PLATFORM_TIMEOUT_MS: String(timeoutMs),
      LIVE_PLATFORM_RETRIES: '2',
      LIVE_PLATFORM_CACHE_SECONDS: '0',
      LIVE_PLATFORM_RATE_LIMIT: '1000',
    });
    const tenants = await inBatches(routes, routes.length, () => tenantWithSnapshot(app));
    const before = await Promise.all(
      tenants.map(async ({ msTenantId }) => ({
        calls: (await getStats(msTenantId)).calls,
        rows: JSON.stringify([...(await app.harness.numberRows(app.appSnapshotTables(), msTenantId))]),
      })),
    );

    // The snapshots above took a good token; a new instance would not have one.
    const fresh = loadApp();
    fresh.useSettings({
      LIVE_PLATFORM_AUTH: mode,
      LIVE_PLATFORM_TIMEOUT_MS: String(timeoutMs),
      LIVE_PLATFORM_RETRIES: '2',
      LIVE_PLATFORM_CACHE_SECONDS: '0',
      LIVE_PLATFORM_RATE_LIMIT: '1000',
    });
    await setTokenFault({ fault });
    const want = expected[fault];
    const problems: string[] = [];
    let right = 0;
    let blamed = 0;
    let slowestMs = 0;
    // One route after the other: the credential, its token and its refresh are shared by all.
    for (const [index, route] of routes.entries()) {
      const { msTenantId, number } = tenants[index] as { msTenantId: string; number: string };
      const answer = await callRoute(fresh, route, msTenantId, number);
      slowestMs = Math.max(slowestMs, answer.elapsedMs);
      const calls = (await getStats(msTenantId)).calls - (before[index]?.calls ?? 0);
      const wrong: string[] = [];
      if (route === 'source=auto') {
        if (answer.status !== 200 || answer.source !== 'snapshot')
          wrong.push(`source=auto answered ${answer.status} from ${String(answer.source)}, expected 200 from the snapshot`);
      } else if (want.status === 503 && answer.status === 504 && answer.type === 'upstream-timeout') {
        // Defect D1 (patch pending): the token wait ran into the call's deadline and was reported as a Live Platform timeout.
        blamed += 1;
      } else {
        if (answer.status !== want.status) wrong.push(`status ${answer.status}, expected ${want.status}`);
        if (answer.type !== want.type) wrong.push(`problem type ${String(answer.type)}, expected ${want.type}`);
      }
      if (answer.problem) wrong.push(answer.problem);
      if (calls !== want.calls) wrong.push(`${calls} upstream calls, expected ${want.calls}`);
      if (answer.elapsedMs > timeoutMs + graceMs) wrong.push(`answered after ${answer.elapsedMs} ms`);
      if (route === 'snapshot worker') {
        const rows = JSON.stringify([...(await fresh.harness.numberRows(fresh.appSnapshotTables(), msTenantId))]);
        if (rows !== before[index]?.rows) wrong.push('number rows changed');
      }
      if (wrong.length === 0) right += 1;
      else problems.push(`${route}: ${wrong.join('; ')}`);
    }

    // The fault clears: the same instance must get a good token again and answer.
    await clearTokenFault();
    const { msTenantId, number } = tenants[0] as { msTenantId: string; number: string };
    const recovery = await callRoute(fresh, 'getTenantNumbers', msTenantId, number);
    const recovered = recovery.status === 200;
    results.push({
      mode,
      fault,
      answered: routes.length,
      right,
      blamed,
      problems,
      slowestMs,
      recovered,
      recoveryDetail: `${recovery.status}${recovery.type ? ` ${recovery.type}` : ''}`,
    });
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await settle(timeoutMs);
    const total = results.reduce((sum, r) => sum + r.answered, 0);
    const right = results.reduce((sum, r) => sum + r.right, 0);
    figures.note(`Recovery is checked where the libraries allow it; not for ${notRecoverable.join(', ')} (see "Limitations").`);
    figures.note(
      `${faults.length} token faults (${faults.join(', ')}) × ${modes.length} credential modes (${modes.join(', ')}) × ${routes.length} routes; each case on a freshly loaded app.`,
    );
    const slowest = Math.max(...results.map((r) => r.slowestMs));
    const recoverable = results.filter((r) => isRecoverable(r.mode, r.fault));
    const notRecovered = recoverable.filter((r) => !r.recovered);
    const blamed = results.reduce((sum, r) => sum + r.blamed, 0);
    const unhandled = unhandledSoFar();
    const wrong = results.filter((r) => r.problems.length > 0).map((r) => `${r.mode}/${r.fault}: ${r.problems.join('; ')}`);
    if (wrong.length > 0) figures.note(`Wrong answers: ${wrong.join(' | ')}`);
    figures.checkAll([
      {
        check: 'token fault × mode × route answered as the contract says (refused token 502, no token 503; source=auto from the snapshot; rows untouched)',
        figure: ratio(right, total),
        target: `${total} / ${total}`,
        pass: right === total && total === faults.length * modes.length * routes.length,
      },
      {
        check: 'token-fault calls past LIVE_PLATFORM_TIMEOUT_MS + 1 s',
        figure: `${results.filter((r) => r.slowestMs > timeoutMs + graceMs).length} (slowest ${slowest} ms)`,
        target: `0 (≤ ${timeoutMs + graceMs} ms)`,
        pass: slowest <= timeoutMs + graceMs,
      },
      {
        check: 'token-fault answers blaming the Live Platform (504 "did not answer") instead of the token (503 naming the mode)',
        figure: String(blamed),
        target: '0',
        pass: blamed === 0,
        // Timing decides whether the call's deadline or the token source's bound fires first, so the mark is set only when seen.
        ...(blamed > 0 ? { knownDefect: 'D1' } : {}),
      },
      {
        check: 'next call succeeds once the token fault clears',
        figure: `${ratio(recoverable.length - notRecovered.length, recoverable.length)}${notRecovered.length > 0 ? ` (not: ${notRecovered.map((r) => `${r.mode}/${r.fault} → ${r.recoveryDetail}`).join(', ')})` : ''}`,
        target: `${recoverable.length} / ${recoverable.length}`,
        pass: notRecovered.length === 0 && recoverable.length === results.length - notRecoverable.length,
      },
      {
        check: 'unhandled rejections (token faults)',
        figure: `${unhandled.count}${unhandled.samples.length > 0 ? ` (${unhandled.samples.join('; ')})` : ''}`,
        target: '0',
        pass: unhandled.count === 0,
      },
    ]);
  });
});
