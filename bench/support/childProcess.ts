import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A compiled bench script (dist/bench/children/<name>.js). */
export function childScript(name: string): string {
  return path.resolve(__dirname, '../children', `${name}.js`);
}

export interface ChildOptions {
  env: NodeJS.ProcessEnv;
  nodeArgs?: readonly string[];
  args?: readonly string[];
  /**
   * Linux carries the peak RSS (getrusage maxRSS) across exec from the process that forked: a child
   * of the bench would start with the bench's own peak. Started from a shell that forks it, the
   * child's peak is its own.
   */
  ownPeakRss?: boolean;
}

/** Runs a child to completion and returns its stdout's last line parsed as JSON. */
export function runJsonChild<T>(script: string, options: ChildOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, ...(options.nodeArgs ?? []), script, ...(options.args ?? [])];
    // `; exit $?` keeps the shell from exec-ing node in its own place: it must fork it.
    const [file, ...args] = options.ownPeakRss ? ['/bin/sh', '-c', '"$0" "$@"; exit $?', ...command] : command;
    const child = spawn(file as string, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${path.basename(script)} exited with ${String(code)}: ${stderr.slice(-2000)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${path.basename(script)} printed no JSON result: ${stdout.slice(-500)}${stderr.slice(-500)}`));
      }
    });
  });
}

/** Starts a long-lived child and resolves with the JSON line it prints once ready. */
export function startJsonChild<T>(script: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; ready: T }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    const onData = (chunk: Buffer): void => {
      stdout += chunk.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve({ child, ready: JSON.parse(stdout.slice(0, newline)) as T });
    };
    child.stdout?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${path.basename(script)} exited with ${String(code)} before it was ready`)));
  });
}

/** SIGTERM, then waits for the exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
