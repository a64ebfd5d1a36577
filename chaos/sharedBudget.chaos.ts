import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getSettings } from '../shared/config/settings';
import { getLivePlatformClient } from '../shared/live-platform/livePlatform';
import { outcomePartition } from '../shared/snapshots/runRows';
import { scheduleSnapshotRun } from '../shared/snapshots/scheduleSnapshotRun';
import { odata } from '../shared/storage/odata';
import { appSnapshotQueue } from '../shared/storage/snapshotQueue';
import { appSnapshotTables } from '../shared/storage/snapshotTables';
import { useSettings } from '../test/support/appState';
import { startAzurite, type AzuriteHandle } from '../test/support/azurite';
import { busiestWindow } from '../test/support/busiestWindow';
import { invokeHttp } from '../test/support/invokeHttp';
import { getArrivals, registerTenant, setRateLimit, uniqueTenantId } from '../test/support/sandboxControl';
import { Figures, percentile } from './support/figures';

/**
 * Suite 8, one shared budget: four app processes — the built-in local host (localhost/main.ts) on
 * the compiled app, each with its own HTTP port and queue trigger — share one Azurite and the
 * suite's sandbox, which enforces the Live Platform's limit (429 beyond it) and records every
 * call's arrival. 40 callers spread over the four ask for tenants' live numbers for 60 s while a
 * snapshot run goes through:
 *   1. limit 100 per 10 s, 400 tenants;
 *   2. the default limit, 10 per 10 s, 40 tenants;
 *   3. limit 100 again with Azurite stopped for 20 s in the middle of the lookups.
 * Checked at the sandbox: the busiest 10-s window, the 429s, the run's makespan against
 * (tenants + lookups' upstream calls) ÷ the limit's rate; lookup p50/p99 at the callers; through
 * the outage, lookups keep answering, windows inside it hold at most the four fallback shares, and
 * every process is back on the shared budget after storage returns (healthDeep).
 *
 * CHAOS_LOAD_SECONDS shortens the lookups (and scales the tenants with them) for a loaded machine;
 * the full size is for a quiet one. The outage stays 20 s, with lookups 20 s either side of it.
 */

const loadSeconds = Number(process.env['CHAOS_LOAD_SECONDS'] ?? 60);
const scale = loadSeconds / 60;
const processCount = 4;
const callers = 40;
const callerPauseMs = 1_000;
const windowMs = 10_000;
/** Not shortened: windows wholly inside the outage need it longer than one window. */
const outageMs = 20_000;
const root = path.resolve(__dirname, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface AppProcess {
  child: ChildProcess;
  base: string;
  key: string;
  /** Times the process said its budget store was unreachable (it went to its fallback share). */
  fallbacks: number;
}

interface Lookup {
  at: number;
  ms: number;
  status: number;
  retryAfter: boolean;
}

const figures = new Figures('Shared budget', 9);
let azurite: AzuriteHandle;
let storageDir: string;
let appRoot: string;
let processes: AppProcess[] = [];

/** The compiled app in a folder of its own, so the four hosts keep their key and timer state out of the repository. */
function prepareAppRoot(): string {
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`tsc -p tsconfig.json failed: ${build.stdout}${build.stderr}`);
  const folder = mkdtempSync(path.join(os.tmpdir(), 'oc-numbers-chaos-budget-app-'));
  for (const name of ['dist', 'node_modules']) symlinkSync(path.join(root, name), path.join(folder, name));
  for (const name of ['package.json', 'host.json']) copyFileSync(path.join(root, name), path.join(folder, name));
  // One key for all four, written before they start (each would otherwise make its own).
  writeFileSync(path.join(folder, 'local.settings.json'), JSON.stringify({ IsEncrypted: false, Values: {} }));
  return folder;
}

function appEnvironment(rateLimit: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SnapshotStorage: azurite.connectionString,
    AzureWebJobsStorage: azurite.connectionString,
    LIVE_PLATFORM_RATE_LIMIT: String(rateLimit),
    LIVE_PLATFORM_BUDGET: 'shared',
    LIVE_PLATFORM_BUDGET_INSTANCES: String(processCount),
    LIVE_PLATFORM_RETRIES: '0',
    // A slot far away: the suite starts its runs itself.
    SNAPSHOT_SCHEDULE: '0 0 0 1 1 *',
    SNAPSHOT_TENANTS: undefined,
  };
}

function startApp(index: number, rateLimit: number): Promise<AppProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(appRoot, 'dist', 'localhost', 'main.js'), '--port', '0', '--banner-shown'], {
      cwd: appRoot,
      env: appEnvironment(rateLimit),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    let ready: AppProcess | undefined;
    const onData = (chunk: Buffer): void => {
      const lines = chunk.toString('utf8');
      if (ready) {
        ready.fallbacks += (lines.match(/budget store unreachable \(/g) ?? []).length;
        return;
      }
      text += lines;
      const listening = /Listening on (http:\/\/\S+?)\/\s/.exec(text);
      const key = /Function key \(x-functions-key header or \?code=\): (\S+)/.exec(text);
      if (listening && key) {
        ready = { child, base: listening[1] as string, key: key[1] as string, fallbacks: 0 };
        resolve(ready);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`app process ${index} exited with ${String(code)} before it listened: ${text.slice(-2000)}`)));
  });
}

async function startApps(rateLimit: number): Promise<void> {
  // One after the other: the first makes the key file the others read.
  for (let i = 0; i < processCount; i++) processes.push(await startApp(i, rateLimit));
}

async function stopApps(): Promise<void> {
  await Promise.all(
    processes.map(({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    }),
  );
  processes = [];
}

async function lookup(app: AppProcess, tenantId: string): Promise<Lookup> {
  const at = Date.now();
  const started = performance.now();
  try {
    const response = await fetch(`${app.base}/tenants/${tenantId}/numbers`, {
      headers: { 'x-functions-key': app.key, 'Cache-Control': 'no-cache' },
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    return { at, ms: performance.now() - started, status: response.status, retryAfter: response.headers.has('retry-after') };
  } catch {
    return { at, ms: performance.now() - started, status: 0, retryAfter: false };
  }
}

/** 40 callers, caller i on process i mod 4, each asking about a random tenant, then pausing a second. */
async function runCallers(tenants: readonly string[], durationMs: number): Promise<Lookup[]> {
  const results: Lookup[] = [];
  const until = Date.now() + durationMs;
  await Promise.all(
    Array.from({ length: callers }, async (_, i) => {
      const app = processes[i % processes.length] as AppProcess;
      await sleep((i * callerPauseMs) / callers);
      while (Date.now() < until) {
        results.push(await lookup(app, tenants[Math.floor(Math.random() * tenants.length)] as string));
        await sleep(callerPauseMs);
      }
    }),
  );
  return results;
}

async function registerTenants(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => uniqueTenantId());
  for (let i = 0; i < ids.length; i += 20) await Promise.all(ids.slice(i, i + 20).map((id) => registerTenant(id, { count: 5 })));
  return ids;
}

async function runStatus(runId: string): Promise<string> {
  try {
    const response = await invokeHttp('listSnapshotRuns', `snapshot-runs?runId=${runId}`);
    return response.status === 200 ? (response.json<{ value: { status: string }[] }>().value[0]?.status ?? 'missing') : `HTTP ${response.status}`;
  } catch {
    return 'unreadable';
  }
}

/** Schedules a run of these tenants from this process (as the timer would), then waits for its final status. */
async function snapshotRun(
  tenants: readonly string[],
  rateLimit: number,
  deadlineMs: number,
): Promise<{ runId: string; startedAt: number; endedAt: number; status: string }> {
  useSettings({
    SnapshotStorage: azurite.connectionString,
    LIVE_PLATFORM_RATE_LIMIT: String(rateLimit),
    LIVE_PLATFORM_BUDGET: 'shared',
    LIVE_PLATFORM_BUDGET_INSTANCES: String(processCount),
    SNAPSHOT_TENANTS: tenants.join(','),
  });
  const settings = getSettings();
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const startedAt = Date.now();
  const result = await scheduleSnapshotRun(
    {
      tables: appSnapshotTables(),
      queue: appSnapshotQueue(),
      settings,
      fetchCustomers: () =>
        getLivePlatformClient(settings).fetchCustomers({
          channelId: settings.defaultChannelId,
          correlationId: 'chaos-shared-budget',
          log,
          waitForBudget: true,
        }),
      log,
    },
    Date.now(),
  );
  if (result.kind !== 'dispatched') throw new Error(`the run was not dispatched: ${result.reason}`);
  let status = 'running';
  while (Date.now() - startedAt < deadlineMs) {
    status = await runStatus(result.runId);
    if (!['running', 'unreadable', 'missing'].includes(status) && !status.startsWith('HTTP')) break;
    await sleep(1_000);
  }
  // The run ends when its last tenant's outcome is written, not when this once-a-second poll sees it.
  let endedAt = Date.now();
  if (status !== 'running') {
    const finished: number[] = [];
    for await (const outcome of appSnapshotTables().runs.listEntities<{ finishedAt?: Date }>({
      queryOptions: { filter: odata`PartitionKey eq ${outcomePartition(result.runId)}`, select: ['finishedAt'] },
    })) {
      if (outcome.finishedAt instanceof Date) finished.push(outcome.finishedAt.getTime());
    }
    if (finished.length === tenants.length) endedAt = Math.max(...finished);
  }
  return { runId: result.runId, startedAt, endedAt, status };
}

/** Arrivals at the sandbox between two moments, and the 429s it answered so far. */
async function arrivalsBetween(from: number, to: number): Promise<{ times: number[]; rateLimited: number }> {
  const log = await getArrivals();
  return { times: log.arrivals.filter((at) => at >= from && at <= to), rateLimited: log.rateLimited - rateLimitedBefore };
}

/** The sandbox counts 429s for its whole life: each run reports its own. */
let rateLimitedBefore = 0;
async function markRateLimited(): Promise<void> {
  rateLimitedBefore = (await getArrivals()).rateLimited;
}

async function budgetModes(): Promise<string[]> {
  return Promise.all(
    processes.map(async (app) => {
      try {
        const response = await fetch(`${app.base}/health/deep`, { headers: { 'x-functions-key': app.key }, signal: AbortSignal.timeout(10_000) });
        const body = (await response.json()) as { checks?: { name: string; status: string }[] };
        return body.checks?.find((check) => check.name === 'liveBudget')?.status ?? 'missing';
      } catch {
        return 'unreachable';
      }
    }),
  );
}

const ms = (value: number) => `${Math.round(value)} ms`;
const answeredRightly = (l: Lookup) => l.status === 200 || (l.status === 503 && l.retryAfter);

/** One multi-process run: lookups for the load time while the snapshot run goes through; the figures of both. */
async function budgetRun(label: string, rateLimit: number, tenantCount: number): Promise<void> {
  await setRateLimit({ limit: rateLimit, windowMs });
  const tenants = await registerTenants(tenantCount);
  await markRateLimited();
  const lookupsDone = runCallers(tenants, loadSeconds * 1000);
  const run = await snapshotRun(tenants, rateLimit, Math.max(600_000, (tenantCount / rateLimit) * windowMs * 4));
  const lookups = await lookupsDone;
  const all = await arrivalsBetween(run.startedAt - windowMs, Date.now());
  const during = all.times.filter((at) => at >= run.startedAt && at <= run.endedAt).length;
  const lookupCalls = Math.max(0, during - tenantCount);
  const makespanS = (run.endedAt - run.startedAt) / 1000;
  const boundS = (1.05 * (tenantCount + lookupCalls) * (windowMs / 1000)) / rateLimit;
  const answered = lookups.filter((l) => l.status === 200);
  figures.note(
    `${label}: fallback episodes per process (a store operation over its 2-s bound counts): ${processes.map((app) => app.fallbacks).join(', ')}; load average at the end ${os.loadavg()[0]?.toFixed(1)}`,
  );
  figures.checkAll([
    {
      check: `${label}: busiest 10-s window at the Live Platform`,
      figure: String(busiestWindow(all.times, windowMs)),
      target: `≤ ${rateLimit}`,
      pass: busiestWindow(all.times, windowMs) <= rateLimit,
    },
    { check: `${label}: upstream 429s`, figure: String(all.rateLimited), target: '0', pass: all.rateLimited === 0 },
    {
      check: `${label}: snapshot run`,
      figure: `${run.status}, ${tenantCount} tenants in ${makespanS.toFixed(1)} s`,
      target: `succeeded within 1.05 × (${tenantCount} + ${lookupCalls} lookup calls) ÷ ${rateLimit / 10}/s = ${boundS.toFixed(1)} s`,
      pass: run.status === 'succeeded' && makespanS <= boundS,
    },
    {
      check: `${label}: lookups (40 callers, ${processCount} processes, ${loadSeconds} s)`,
      figure: `${answered.length} answered, ${lookups.filter((l) => l.status === 503).length} budget-spent 503s of ${lookups.length}; p50 ${ms(
        percentile(
          lookups.map((l) => l.ms),
          50,
        ),
      )}, p99 ${ms(
        percentile(
          lookups.map((l) => l.ms),
          99,
        ),
      )}`,
      target: 'every one 200 or 503 with Retry-After; some answered',
      pass: lookups.every(answeredRightly) && answered.length > 0,
    },
  ]);
  await setRateLimit(null);
}

beforeAll(async () => {
  appRoot = prepareAppRoot();
  storageDir = mkdtempSync(path.join(os.tmpdir(), 'oc-numbers-chaos-budget-storage-'));
  azurite = await startAzurite({ location: storageDir });
  figures.note(
    `load average at the start ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} on ${os.cpus().length} cores; CHAOS_LOAD_SECONDS=${loadSeconds}`,
  );
}, 600_000);

afterAll(async () => {
  await stopApps();
  await setRateLimit(null).catch(() => undefined);
  await azurite?.stop();
  useSettings();
  // Either may be missing when beforeAll failed part-way.
  if (storageDir) rmSync(storageDir, { recursive: true, force: true });
  if (appRoot) rmSync(appRoot, { recursive: true, force: true });
}, 60_000);

describe('one Live Platform budget across four app processes', () => {
  it('limit 100 per 10 s: 400 tenants while 40 callers look numbers up', async () => {
    await startApps(100);
    await budgetRun('limit 100', 100, Math.max(4, Math.round(400 * scale)));
  }, 1_200_000);

  it('storage stopped in the middle: lookups keep answering within the fallback shares, and the shared budget resumes', async () => {
    const rateLimit = 100;
    const share = Math.floor(rateLimit / processCount);
    await setRateLimit({ limit: rateLimit, windowMs });
    const tenants = await registerTenants(Math.max(4, Math.round(100 * scale)));
    await markRateLimited();
    const started = Date.now();
    const lookupMs = Math.max(loadSeconds * 1000, outageMs + 40_000);
    const lookupsDone = runCallers(tenants, lookupMs);
    await sleep((lookupMs - outageMs) / 2);
    const stoppedAt = Date.now();
    await azurite.stop();
    await sleep(outageMs);
    await azurite.restart();
    const restartedAt = Date.now();
    const lookups = await lookupsDone;
    // The processes probe the store every 2 s once it is back.
    let modes: string[] = [];
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(1_000)) {
      modes = await budgetModes();
      if (modes.every((mode) => mode === 'ok')) break;
    }
    const all = await arrivalsBetween(started, Date.now());
    const inside = all.times.filter((at) => at >= stoppedAt + 3_000 && at < restartedAt);
    const duringOutage = lookups.filter((l) => l.at >= stoppedAt + 3_000 && l.at < restartedAt);
    figures.checkAll([
      {
        check: `Azurite stopped ${outageMs / 1000} s: lookups during the outage`,
        figure: `${duringOutage.filter((l) => l.status === 200).length} answered, ${duringOutage.filter((l) => l.status === 503).length} share-spent 503s of ${duringOutage.length}`,
        target: 'every one 200 or 503 with Retry-After; some answered',
        pass: duringOutage.every(answeredRightly) && duringOutage.some((l) => l.status === 200),
      },
      {
        check: 'Azurite stopped: busiest 10-s window inside the outage',
        figure: String(busiestWindow(inside, windowMs)),
        target: `≤ ${processCount} × ${share} (the fallback shares)`,
        pass: busiestWindow(inside, windowMs) <= processCount * share,
      },
      {
        check: 'Azurite stopped: busiest 10-s window of the whole run',
        figure: String(busiestWindow(all.times, windowMs)),
        target: `≤ ${rateLimit} + ${processCount * share} (across the outage's edges)`,
        pass: busiestWindow(all.times, windowMs) <= rateLimit + processCount * share,
      },
      {
        check: 'Azurite stopped: back on the shared budget',
        figure: modes.join(', '),
        target: 'healthDeep liveBudget ok on every process',
        pass: modes.length === processCount && modes.every((mode) => mode === 'ok'),
      },
    ]);
    figures.note(
      `Azurite stopped: ${all.rateLimited} upstream 429s (an interval across the outage's edges may hold the limit plus the shares); fallback episodes per process: ${processes.map((app) => app.fallbacks).join(', ')}`,
    );
    await setRateLimit(null);
    await stopApps();
  }, 1_200_000);

  it('limit 10 per 10 s (the default): 40 tenants while 40 callers look numbers up', async () => {
    // Past every window of the runs before.
    await sleep(windowMs);
    await startApps(10);
    await budgetRun('limit 10', 10, Math.max(2, Math.round(40 * scale)));
  }, 1_800_000);
});
