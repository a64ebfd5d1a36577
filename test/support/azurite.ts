import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs the installed Azurite (blob, queue, table) as a child process on free loopback ports,
 * with the Node that runs the tests, so no global install or Core Tools is needed.
 */

export const DEVSTORE_ACCOUNT_NAME = 'devstoreaccount1';
/** Azurite's well-known development key (public, documented by Microsoft). */
export const DEVSTORE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Disk workspace: data survives stop/restart. Without it, storage is in memory. */
  location?: string;
  /** A module Azurite's process requires before it starts (`node --require`); the bench uses it. */
  preload?: string;
}

export interface AzuritePorts {
  blob: number;
  queue: number;
  table: number;
}

export interface AzuriteHandle {
  blobUrl: string;
  queueUrl: string;
  tableUrl: string;
  /** Explicit endpoints (not UseDevelopmentStorage=true) so the random ports are used. */
  connectionString: string;
  ports: AzuritePorts;
  /** The disk workspace, or undefined when in memory. */
  location: string | undefined;
  /** Stops the process (SIGTERM, then SIGKILL if it lingers). Safe to call twice. */
  stop(): Promise<void>;
  /** Stops and starts again on the same ports and workspace. */
  restart(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
type Service = 'Blob' | 'Queue' | 'Table';
const KEEP_ALIVE_SECONDS = 60;

function azuriteEntry(): string {
  return path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
}

export async function startAzurite(options: AzuriteOptions = {}): Promise<AzuriteHandle> {
  const location = options.location === undefined ? undefined : path.resolve(options.location);
  if (location !== undefined) await mkdir(location, { recursive: true });

  const launch = (wanted: AzuritePorts): Promise<Running> => launchAzurite(wanted, location, options.preload);
  let running = await launch({ blob: 0, queue: 0, table: 0 });
  const ports = running.ports;
  const endpoint = (port: number): string => `http://127.0.0.1:${port}/${DEVSTORE_ACCOUNT_NAME}`;

  return {
    blobUrl: endpoint(ports.blob),
    queueUrl: endpoint(ports.queue),
    tableUrl: endpoint(ports.table),
    connectionString: [
      'DefaultEndpointsProtocol=http',
      `AccountName=${DEVSTORE_ACCOUNT_NAME}`,
      `AccountKey=${DEVSTORE_ACCOUNT_KEY}`,
      `BlobEndpoint=${endpoint(ports.blob)}`,
      `QueueEndpoint=${endpoint(ports.queue)}`,
      `TableEndpoint=${endpoint(ports.table)}`,
    ].join(';'),
    ports,
    location,
    stop: () => running.stop(),
    restart: async () => {
      await running.stop();
      running = await launch(ports);
    },
  };
}

interface Running {
  ports: AzuritePorts;
  stop(): Promise<void>;
}

async function launchAzurite(wanted: AzuritePorts, location: string | undefined, preload: string | undefined): Promise<Running> {
  // In memory Azurite still needs a working directory; a private temp one keeps the repo clean.
  const workDir = location ?? (await mkdtemp(path.join(os.tmpdir(), 'oc-numbers-azurite-')));
  const args = [
    ...(preload === undefined ? [] : ['--require', preload]),
    azuriteEntry(),
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    String(wanted.blob),
    '--queueHost',
    '127.0.0.1',
    '--queuePort',
    String(wanted.queue),
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(wanted.table),
    // Azurite's 5 s keep-alive loses races with a client whose event loop was busy for a while:
    // it reuses a pooled socket Azurite has just closed and gets ECONNRESET. 60 s avoids that.
    '--blobKeepAliveTimeout',
    String(KEEP_ALIVE_SECONDS),
    '--queueKeepAliveTimeout',
    String(KEEP_ALIVE_SECONDS),
    '--tableKeepAliveTimeout',
    String(KEEP_ALIVE_SECONDS),
    '--silent',
    '--skipApiVersionCheck',
    '--loose',
    '--disableTelemetry',
    ...(location === undefined ? ['--inMemoryPersistence'] : ['--location', location]),
  ];
  const child = spawn(process.execPath, args, { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  // If the test process dies without teardown, do not leave Azurite behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    if (location === undefined) await rm(workDir, { recursive: true, force: true });
  };

  try {
    const ports = await waitForListening(child);
    await Promise.all([ports.blob, ports.queue, ports.table].map(waitForPort));
    return { ports, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Azurite prints "Azurite <Service> service is successfully listening at http://127.0.0.1:<port>". */
function waitForListening(child: ChildProcess): Promise<AzuritePorts> {
  return new Promise((resolve, reject) => {
    const found: Partial<Record<Service, number>> = {};
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      for (const match of output.matchAll(/Azurite (Blob|Queue|Table) service is successfully listening at \S+:(\d+)/g)) {
        found[match[1] as Service] = Number(match[2]);
      }
      const { Blob: blob, Queue: queue, Table: table } = found;
      if (blob !== undefined && queue !== undefined && table !== undefined) {
        cleanup();
        resolve({ blob, queue, table });
      }
    };
    const onExit = (code: number | null): void => fail(new Error(`Azurite exited (code ${String(code)}) before listening:\n${output}`));
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining its output so a full pipe can never block Azurite.
      child.stdout?.resume();
      child.stderr?.resume();
    };
    const fail = (error: Error): void => {
      cleanup();
      reject(error);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Resolves once a TCP connection to the port succeeds (retrying briefly). */
async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`port ${port} never accepted connections`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
