import os from 'node:os';

/** What the figures were measured on: they mean little without it. */
export function machineDescription(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memoryGiB = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${cpus.length} cores (${model}), ${memoryGiB} GiB memory, ${os.type()} ${os.release()} ${os.arch()}`;
}
