import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Which host `npm start` (scripts/start.mjs) runs. A copy of the script in a folder of its own, with
 * settings that point at no local Azurite or sandbox, so only the host is started. Core Tools are
 * stood in for by a `func` script on the PATH that records its arguments (the real ones cannot be
 * installed here); the built-in host by a script at its path that does the same.
 */
const repoRoot = path.resolve(__dirname, '../..');

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** The system folders (for sh and which), less any that holds a real `func`. */
const systemPath = [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].filter((folder) => {
  try {
    accessSync(path.join(folder, 'func'), constants.X_OK);
    return false;
  } catch {
    return true;
  }
});

function appFolder(): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'oc-numbers-start-'));
  folders.push(folder);
  mkdirSync(path.join(folder, 'scripts'));
  copyFileSync(path.join(repoRoot, 'scripts', 'start.mjs'), path.join(folder, 'scripts', 'start.mjs'));
  mkdirSync(path.join(folder, 'dist', 'localhost'), { recursive: true });
  writeFileSync(path.join(folder, 'dist', 'localhost', 'banner.js'), "exports.bannerLines = ['BUILT-IN HOST BANNER'];\n");
  writeFileSync(path.join(folder, 'local.settings.json'), JSON.stringify({ Values: { LIVE_PLATFORM_BASE_URL: 'https://live.example.invalid' } }));
  return folder;
}

/** A stand-in for a host process: records how it was started, and exits 0 on SIGTERM. */
const recorder = (file: string) => `process.on('SIGTERM', () => process.exit(0));
require('fs').writeFileSync(${JSON.stringify(file)}, JSON.stringify({ args: process.argv.slice(2), pid: process.pid }));
setInterval(() => undefined, 1000);
`;

async function runStart(folder: string, pathPrefix: string | undefined, recordFile: string): Promise<{ output: string; args: string[]; code: number | null }> {
  const PATH = [...(pathPrefix ? [pathPrefix] : []), ...systemPath].join(path.delimiter);
  const child = spawn(process.execPath, [path.join(folder, 'scripts', 'start.mjs'), '--port', '7099'], {
    cwd: folder,
    env: { ...process.env, PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  while (!existsSync(recordFile)) await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 100));
  child.kill('SIGINT');
  const code = await exited;
  return { output, args: recorded(recordFile).args, code };
}

const recorded = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { args: string[]; pid: number };

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start picks the host', () => {
  it('runs func start with the given arguments when Core Tools are on the PATH', async () => {
    const folder = appFolder();
    const bin = path.join(folder, 'bin');
    mkdirSync(bin);
    const record = path.join(folder, 'func-args.json');
    writeFileSync(path.join(bin, 'func.js'), recorder(record));
    writeFileSync(
      path.join(bin, 'func'),
      `#!/bin/sh\nif [ "$1" = "--version" ]; then echo 4.0.0; exit 0; fi\nexec "${process.execPath}" "${path.join(bin, 'func.js')}" "$@"\n`,
    );
    chmodSync(path.join(bin, 'func'), 0o755);
    const { output, args, code } = await runStart(folder, bin, record);
    expect(args).toEqual(['start', '--port', '7099']);
    expect(output).not.toContain('BUILT-IN HOST BANNER');
    expect(code).toBe(130);
  });

  it('runs the built-in local host, after printing its banner first, when Core Tools are missing', async () => {
    const folder = appFolder();
    const record = path.join(folder, 'host-args.json');
    writeFileSync(path.join(folder, 'dist', 'localhost', 'main.js'), recorder(record));
    const { output, args, code } = await runStart(folder, undefined, record);
    expect(output.trimStart().startsWith('BUILT-IN HOST BANNER')).toBe(true);
    expect(args).toEqual(['--port', '7099', '--banner-shown']);
    expect(code).toBe(130);
  });

  it('stops the host it started when its parent (npm) goes away without passing a signal on', async () => {
    const folder = appFolder();
    const record = path.join(folder, 'host-args.json');
    writeFileSync(path.join(folder, 'dist', 'localhost', 'main.js'), recorder(record));
    // `; true` keeps the shell as the parent, as npm's shell is.
    const shell = spawn('sh', ['-c', `"${process.execPath}" scripts/start.mjs; true`], {
      cwd: folder,
      env: { ...process.env, PATH: systemPath.join(path.delimiter) },
      stdio: 'ignore',
    });
    while (!existsSync(record)) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { pid } = recorded(record);
    expect(isRunning(pid)).toBe(true);
    shell.kill('SIGKILL');
    while (isRunning(pid)) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isRunning(pid)).toBe(false);
  });
});
