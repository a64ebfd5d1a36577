import { appendFileSync, createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';

/**
 * What the app logged and answered outside invokeHttp (worker logs, the load suite's own invoker)
 * goes to the same folder invokeHttp writes to (SECRET_SCAN_DIR), so the teardown scan sees all of it.
 */
function folder(): string | undefined {
  const dir = process.env['SECRET_SCAN_DIR'];
  if (dir) mkdirSync(dir, { recursive: true });
  return dir;
}

export function captureLines(label: string, lines: readonly string[]): void {
  const dir = folder();
  if (!dir || lines.length === 0) return;
  appendFileSync(path.join(dir, `chaos-${label}-${process.pid}.log`), `${lines.join('\n')}\n`);
}

/** A streaming capture for many lines (the load suite): written asynchronously, never held whole. */
export class StreamCapture {
  private readonly stream: WriteStream | undefined;
  bytes = 0;
  lines = 0;

  constructor(label: string) {
    const dir = folder();
    this.stream = dir ? createWriteStream(path.join(dir, `chaos-${label}-${process.pid}.log`), { flags: 'a' }) : undefined;
  }

  write(text: string): void {
    this.lines += 1;
    this.bytes += Buffer.byteLength(text) + 1;
    this.stream?.write(`${text}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.stream ? this.stream.end(resolve) : resolve()));
  }
}
