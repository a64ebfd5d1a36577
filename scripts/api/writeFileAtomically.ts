import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A reader (the app, a parallel test) sees the old file or the new one, never half of one. */
export async function writeFileAtomically(file: string, content: string | Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

export const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
