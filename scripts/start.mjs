// `npm start`: local settings from the sample, Azurite and the sandbox Live Platform when the
// settings point at them, then `func start`. Without Core Tools it says how to get them and
// starts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const localSettingsPath = path.join(root, 'local.settings.json');
const sandboxStatePath = path.join(root, '.local', 'sandbox', 'sandbox.json');

function findFunc() {
  const local = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'func.cmd' : 'func');
  if (existsSync(local) && spawnSync(local, ['--version'], { stdio: 'ignore' }).status === 0) return local;
  const onPath = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['func'], { encoding: 'utf8' });
  return onPath.status === 0 ? onPath.stdout.split(/\r?\n/)[0].trim() : undefined;
}

const func = findFunc();
if (!func) {
  console.error(`Azure Functions Core Tools (func) were not found, so the app cannot start.
Install them, then run npm start again:
  npm install --global azure-functions-core-tools@4     (or: npm install, where its download is allowed)
  winget install Microsoft.Azure.FunctionsCoreTools     (Windows)
  brew tap azure/functions && brew install azure-functions-core-tools@4   (macOS)
See https://learn.microsoft.com/azure/azure-functions/functions-run-local
Nothing was started.`);
  process.exit(1);
}

if (!existsSync(localSettingsPath)) {
  copyFileSync(path.join(root, 'local.settings.sample.json'), localSettingsPath);
  console.log('Created local.settings.json from local.settings.sample.json.');
}
const values = JSON.parse(readFileSync(localSettingsPath, 'utf8')).Values ?? {};

const children = [];
function stopAll(code) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(130));
process.on('SIGTERM', () => stopAll(143));

function start(name, command, args, env = {}) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  child.on('exit', (code) => {
    console.error(`${name} exited (${code ?? 'signal'}); stopping the rest.`);
    stopAll(code ?? 1);
  });
  children.push(child);
  return child;
}

async function waitForPort(port, label) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket.end() && true));
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.error(`${label} did not open port ${port}.`);
  stopAll(1);
}

const usesDevelopmentStorage = [values.AzureWebJobsStorage, values.SnapshotStorage].some((v) => /UseDevelopmentStorage=true/i.test(v ?? ''));
if (usesDevelopmentStorage) {
  const location = path.join(root, '.local', 'azurite');
  mkdirSync(location, { recursive: true });
  const azurite = path.join(root, 'node_modules', 'azurite', 'dist', 'src', 'azurite.js');
  start('Azurite', process.execPath, [azurite, '--silent', '--skipApiVersionCheck', '--location', location]);
  await waitForPort(10002, 'Azurite');
}

const baseUrl = new URL(values.LIVE_PLATFORM_BASE_URL ?? 'https://unset.invalid');
const sandboxEnv = {};
if (baseUrl.hostname === '127.0.0.1' || baseUrl.hostname === 'localhost') {
  const port = Number(baseUrl.port || 80);
  start('Sandbox', process.execPath, [path.join(root, 'dist', 'sandbox', 'main.js')], { SANDBOX_PORT: String(port) });
  await waitForPort(port, 'The sandbox');
  // The sandbox's Entra stand-in uses a self-signed certificate; Node reads this at start-up.
  if (existsSync(sandboxStatePath)) sandboxEnv.NODE_EXTRA_CA_CERTS = JSON.parse(readFileSync(sandboxStatePath, 'utf8')).caCertPath;
}

start('func', func, ['start'], sandboxEnv);
