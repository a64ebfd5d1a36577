import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './docExamples';

const runnerScript = path.join(__dirname, 'exampleRunner.ps1');

/** The pinned version scripts/pwsh.sh installs; read from the script so the two never disagree. */
export function pinnedPowerShellVersion(): string {
  const match = /^PWSH_VERSION="([^"]+)"/m.exec(readFileSync(path.join(repoRoot, 'scripts/pwsh.sh'), 'utf8'));
  if (!match?.[1]) throw new Error('scripts/pwsh.sh names no PWSH_VERSION');
  return match[1];
}

/** The project's pinned PowerShell 7, or an error that says how to get it. */
export function powerShellPath(): string {
  const file = path.join(repoRoot, '.tools/pwsh', pinnedPowerShellVersion(), 'pwsh');
  if (!existsSync(file)) {
    throw new Error(
      `PowerShell ${pinnedPowerShellVersion()} is not installed in .tools/pwsh/: the docs test runs every PowerShell example with it. ` +
        'Run `npm run tools` (bash scripts/pwsh.sh install; needs the .NET SDK) and test again.',
    );
  }
  return file;
}

export interface RunnerReply {
  ok: boolean;
  output: string;
  error: string | null;
  value: unknown;
}

/** One PowerShell process running examples in order (test/docs/support/exampleRunner.ps1). */
export class PowerShellSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly replies: Array<(reply: RunnerReply) => void> = [];
  private stderr = '';

  constructor(cwd: string, env: Record<string, string>) {
    this.child = spawn(powerShellPath(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', runnerScript], {
      cwd,
      env: { ...process.env, ...env, POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off' },
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (!line.startsWith('@@result ')) return;
      this.replies.shift()?.(JSON.parse(line.slice('@@result '.length)) as RunnerReply);
    });
    this.child.on('exit', (code) => {
      for (const reply of this.replies.splice(0)) reply({ ok: false, output: '', error: `pwsh exited (${code}): ${this.stderr}`, value: null });
    });
  }

  private send(op: 'parse' | 'run' | 'eval', code: string): Promise<RunnerReply> {
    return new Promise((resolve) => {
      this.replies.push(resolve);
      this.child.stdin.write(`${JSON.stringify({ op, code })}\n`);
    });
  }

  parse(code: string): Promise<RunnerReply> {
    return this.send('parse', code);
  }

  run(code: string): Promise<RunnerReply> {
    return this.send('run', code);
  }

  async eval<T = unknown>(code: string): Promise<T> {
    const reply = await this.send('eval', code);
    if (!reply.ok) throw new Error(`PowerShell probe failed: ${code}: ${reply.error}`);
    return reply.value as T;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.stdin.end();
    });
  }
}

/** `bash -n`: parses a bash block without running it. */
export function bashSyntaxErrors(code: string): string | undefined {
  try {
    execFileSync('bash', ['-n', '-c', code], { stdio: ['ignore', 'pipe', 'pipe'] });
    return undefined;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}
