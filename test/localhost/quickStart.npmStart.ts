import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LEGACY_TENANT_ID, MODERN_TENANT_ID } from '../../sandbox/tenants';

/**
 * The README quick start on a machine without Azure Functions Core Tools: a clean clone of this
 * repository (its committed HEAD), `npm ci`, `npm start` on free ports, the app answering through
 * the built-in local host, a snapshot run through the queue, and Ctrl+C (SIGINT to the process
 * group, as a terminal sends it) leaving no process behind.
 */

const repoRoot = path.resolve(__dirname, '../..');
const work = mkdtempSync(path.join(os.tmpdir(), 'oc-numbers-quick-start-'));
const clone = path.join(work, 'app');

/** PATH without any folder that holds a `func`, so the test is the same with or without Core Tools installed. */
const pathWithoutFunc = (process.env['PATH'] ?? '')
  .split(path.delimiter)
  .filter((folder) => {
    try {
      accessSync(path.join(folder, 'func'), constants.X_OK);
      return false;
    } catch {
      return true;
    }
  })
  .join(path.delimiter);
const env: NodeJS.ProcessEnv = { ...process.env, PATH: pathWithoutFunc, npm_config_audit: 'false', npm_config_fund: 'false' };
delete env['NODE_OPTIONS'];

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve) => {
          const server = createServer();
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 10 * 60_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
}

/** Processes whose working folder or command line is inside the clone. */
function processesOfClone(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cwd.startsWith(clone) || commandLine.includes(clone)) found.push(`${pid} ${commandLine.slice(0, 160)}`);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

let app: ChildProcess | undefined;
let output = '';

afterAll(() => {
  if (app?.pid !== undefined && app.exitCode === null) {
    try {
      process.kill(-app.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(work, { recursive: true, force: true });
});

describe('README quick start without Core Tools', () => {
  it('installs, starts the built-in local host, serves the API, runs a snapshot through the queue, and stops on Ctrl+C', async () => {
    expect(spawnSync('sh', ['-c', 'command -v func'], { env }).status).not.toBe(0);
    run('git', ['clone', '--quiet', repoRoot, clone], work);
    run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], clone);

    // Free ports instead of the sample's fixed ones, so a developer's own Azurite or sandbox cannot collide.
    const [hostPort, blob, queue, table, live, authority] = await freePorts(6);
    const sample = JSON.parse(readFileSync(path.join(clone, 'local.settings.sample.json'), 'utf8')) as { Values: Record<string, string> };
    const devKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
    const storage = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${devKey};BlobEndpoint=http://127.0.0.1:${blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${table}/devstoreaccount1;`;
    Object.assign(sample.Values, {
      AzureWebJobsStorage: storage,
      SnapshotStorage: storage,
      LIVE_PLATFORM_BASE_URL: `http://127.0.0.1:${live}`,
      IDENTITY_ENDPOINT: `http://127.0.0.1:${live}/msi/token`,
      LIVE_PLATFORM_AUTHORITY_HOST: `https://127.0.0.1:${authority}`,
    });
    writeFileSync(path.join(clone, 'local.settings.json'), JSON.stringify(sample, null, 2));

    app = spawn('npm', ['start', '--', '--port', String(hostPort)], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    app.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    app.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => app?.once('exit', (code) => resolve(code)));

    const key = await until('the printed function key', () => /Function key \(x-functions-key header or \?code=\): (\S+)/.exec(output)?.[1], 5 * 60_000);
    // The first lines of the app's own output say which host runs and how to get Core Tools.
    const afterBuild = output.slice(output.indexOf('OC Numbers: built-in local host'));
    expect(output.indexOf('OC Numbers: built-in local host')).toBeGreaterThan(-1);
    expect(output.indexOf('OC Numbers: built-in local host')).toBeLessThan(output.indexOf('Azurite'));
    expect(afterBuild).toContain('npm install --global azure-functions-core-tools@4');

    const base = `http://127.0.0.1:${hostPort}/api`;
    await until('the port', async () => ((await fetch(`${base}/health`).catch(() => undefined))?.ok ? true : undefined));
    const health = await fetch(`${base}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok' });

    expect((await fetch(`${base}/tenants/${LEGACY_TENANT_ID}/numbers?top=2`)).status).toBe(401);
    const lookup = await fetch(`${base}/tenants/${LEGACY_TENANT_ID}/numbers?top=2`, { headers: { 'x-functions-key': key } });
    expect(lookup.status).toBe(200);
    expect(await lookup.json()).toMatchObject({ msTenantId: LEGACY_TENANT_ID, count: 2 });

    const requested = await fetch(`${base}/tenants/${MODERN_TENANT_ID}/snapshots?code=${key}`, { method: 'POST' });
    expect(requested.status).toBe(202);
    const { runId } = (await requested.json()) as { runId: string };
    const finished = await until('the snapshot run to finish', async () => {
      const runs = (await (await fetch(`${base}/snapshot-runs?runId=${runId}`, { headers: { 'x-functions-key': key } })).json()) as {
        value: { status: string; totals: { added: number } }[];
      };
      const found = runs.value[0];
      return found && found.status !== 'queued' && found.status !== 'running' ? found : undefined;
    });
    expect(finished).toMatchObject({ status: 'succeeded', totals: { added: 12 } });
    expect(output).toMatch(/\[snapshotTenant [0-9a-f-]{36}\] .*succeeded/);

    process.kill(-(app.pid as number), 'SIGINT');
    await exited;
    await until('every process of the clone to end', () => (processesOfClone().length === 0 ? true : undefined), 20_000).catch(() => undefined);
    expect(processesOfClone()).toEqual([]);
    expect(
      await fetch(`${base}/health`).then(
        () => 'still answering',
        () => 'closed',
      ),
    ).toBe('closed');
  });
});
