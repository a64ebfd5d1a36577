// `npm start [-- --port N]`: local settings from the sample, Azurite and the sandbox Live Platform
// when the settings point at them, then the app: `func start` where Azure Functions Core Tools are
// installed, else the built-in local host (localhost/main.ts) on the same functions-core stand-in
// the tests use. Ctrl+C stops everything it started and waits until each has exited.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const localSettingsPath = path.join(root, 'local.settings.json');
const sandboxStatePath = path.join(root, '.local', 'sandbox', 'sandbox.json');
const args = process.argv.slice(2);

function findFunc() {
  const local = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'func.cmd' : 'func');
  if (existsSync(local) && spawnSync(local, ['--version'], { stdio: 'ignore' }).status === 0) return local;
  const onPath = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['func'], { encoding: 'utf8' });
  if (onPath.status !== 0) return undefined;
  const found = onPath.stdout.split(/\r?\n/)[0].trim();
  return found && spawnSync(found, ['--version'], { stdio: 'ignore' }).status === 0 ? found : undefined;
}

const func = findFunc();
if (!func) {
  const { bannerLines } = createRequire(import.meta.url)(path.join(root, 'dist', 'localhost', 'banner.js'));
  console.log(bannerLines.join('\n'));
}

if (!existsSync(localSettingsPath)) {
  copyFileSync(path.join(root, 'local.settings.sample.json'), localSettingsPath);
  console.log('Created local.settings.json from local.settings.sample.json.');
}
const values = JSON.parse(readFileSync(localSettingsPath, 'utf8')).Values ?? {};

const children = [];
let stopping = false;
const exited = (child) => child.exitCode !== null || child.signalCode !== null;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  const running = children.filter((child) => !exited(child));
  for (const child of running) child.kill('SIGTERM');
  const gone = Promise.all(running.map((child) => (exited(child) ? undefined : new Promise((resolve) => child.once('exit', resolve)))));
  const late = setTimeout(() => {
    for (const child of running) if (!exited(child)) child.kill('SIGKILL');
  }, 10_000);
  await gone;
  clearTimeout(late);
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(130));
process.on('SIGTERM', () => void stopAll(143));
// npm does not pass a SIGTERM on through the shell it runs this script in: when the parent goes
// away, this script is orphaned, and stops what it started instead of leaving it running.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stopAll(143);
}, 1000).unref();

function start(name, command, commandArgs, env = {}) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} exited (${code ?? signal}); stopping the rest.`);
    void stopAll(code || 1);
  });
  children.push(child);
  return child;
}

function isOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function waitForPort(port, label) {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (stopping) return;
    if (await isOpen(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.error(`${label} did not open port ${port}.`);
  await stopAll(1);
}

const isLoopback = (url) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/** One `Name=value` part of a storage connection string. */
function connectionPart(value, name) {
  const part = value
    .split(';')
    .map((text) => text.trim())
    .find((text) => text.toLowerCase().startsWith(`${name.toLowerCase()}=`));
  return part?.slice(name.length + 1);
}

/** Azurite's ports when a storage setting points at it: UseDevelopmentStorage=true, or loopback endpoints. */
function azuritePorts() {
  for (const value of [values.AzureWebJobsStorage, values.SnapshotStorage]) {
    if (!value) continue;
    if (/UseDevelopmentStorage=true/i.test(value)) return { blob: 10000, queue: 10001, table: 10002 };
    const endpoints = ['BlobEndpoint', 'QueueEndpoint', 'TableEndpoint'].map((name) => connectionPart(value, name));
    if (endpoints.every((endpoint) => endpoint && URL.canParse(endpoint) && isLoopback(new URL(endpoint)))) {
      const [blob, queue, table] = endpoints.map((endpoint) => Number(new URL(endpoint).port));
      return { blob, queue, table };
    }
  }
  return undefined;
}

const storage = azuritePorts();
if (storage) {
  if (await isOpen(storage.table)) {
    console.log(`Port ${storage.table} is already open: using the Azurite (or storage emulator) listening there.`);
  } else {
    const location = path.join(root, '.local', 'azurite');
    mkdirSync(location, { recursive: true });
    const azurite = path.join(root, 'node_modules', 'azurite', 'dist', 'src', 'azurite.js');
    start('Azurite', process.execPath, [
      azurite,
      '--silent',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--location',
      location,
      '--blobPort',
      String(storage.blob),
      '--queuePort',
      String(storage.queue),
      '--tablePort',
      String(storage.table),
    ]);
    await Promise.all([waitForPort(storage.blob, 'Azurite'), waitForPort(storage.queue, 'Azurite'), waitForPort(storage.table, 'Azurite')]);
  }
}

const baseUrl = new URL(values.LIVE_PLATFORM_BASE_URL || 'https://unset.invalid');
const hostEnv = {};
if (isLoopback(baseUrl)) {
  const port = Number(baseUrl.port || 80);
  if (await isOpen(port)) {
    console.log(`Port ${port} is already open: using the sandbox (or Live Platform) listening there.`);
  } else {
    const sandboxEnv = { SANDBOX_PORT: String(port) };
    const authority = values.LIVE_PLATFORM_AUTHORITY_HOST ? new URL(values.LIVE_PLATFORM_AUTHORITY_HOST) : undefined;
    if (authority && isLoopback(authority)) sandboxEnv.SANDBOX_AUTHORITY_PORT = authority.port || '443';
    start('Sandbox', process.execPath, [path.join(root, 'dist', 'sandbox', 'main.js')], sandboxEnv);
    await waitForPort(port, 'The sandbox');
  }
  // The sandbox's Entra stand-in uses a self-signed certificate; Node reads this at start-up.
  if (existsSync(sandboxStatePath)) hostEnv.NODE_EXTRA_CA_CERTS = JSON.parse(readFileSync(sandboxStatePath, 'utf8')).caCertPath;
}

if (!stopping) {
  if (func) {
    start('func', func, ['start', ...args], hostEnv);
  } else {
    start('The built-in local host', process.execPath, [path.join(root, 'dist', 'localhost', 'main.js'), ...args, '--banner-shown'], hostEnv);
  }
}
