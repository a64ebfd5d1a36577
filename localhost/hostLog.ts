import type { LogLevel } from '@azure/functions';

/**
 * The local host's console: host lines, and function lines that carry the function name and the
 * invocation id so the lines of one invocation can be told apart from another's.
 */
export interface HostLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  invocation(functionName: string, invocationId: string, level: LogLevel, message: string): void;
}

const stamp = () => new Date().toISOString();

export function consoleHostLog(out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): HostLog {
  return {
    info: (message) => out.write(`[${stamp()}] ${message}\n`),
    warn: (message) => err.write(`[${stamp()}] Warning: ${message}\n`),
    error: (message) => err.write(`[${stamp()}] Error: ${message}\n`),
    invocation(functionName, invocationId, level, message) {
      const quiet = level === 'information' || level === 'debug' || level === 'trace';
      const line = `[${stamp()}] [${functionName} ${invocationId}]${quiet ? '' : ` ${level}:`} ${message}\n`;
      (quiet ? out : err).write(line);
    },
  };
}

/** Renders the arguments of `context.log(...)` as one line, as the host's console does. */
export function logText(args: readonly unknown[]): string {
  return args.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : typeof arg === 'string' ? arg : safeJson(arg))).join(' ');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
