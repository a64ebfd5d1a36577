import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const validator = path.join(__dirname, 'validateWithSwaggerParser.mjs');

/** swagger-parser's verdict on each document: null when valid, else its message. */
export async function swaggerParserErrors(documents: Record<string, unknown>): Promise<Record<string, string | null>> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'oc-numbers-api-'));
  try {
    const files = await Promise.all(
      Object.entries(documents).map(async ([name, document]) => {
        const file = path.join(folder, `${name}.json`);
        await writeFile(file, JSON.stringify(document));
        return file;
      }),
    );
    const { stdout } = await run(process.execPath, [validator, ...files], { cwd: path.resolve(__dirname, '../../..') });
    const results = JSON.parse(stdout) as { file: string; error: string | null }[];
    return Object.fromEntries(results.map((result) => [path.basename(result.file, '.json'), result.error]));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
