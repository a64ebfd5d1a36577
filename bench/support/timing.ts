/** Milliseconds one call takes, on the monotonic clock. */
export async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Collects garbage left by the previous run, when node runs with --expose-gc, so no run pays for another's. */
export function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export interface Comparison {
  measuredMs: number;
  baselineMs: number;
  runs: number;
}

/**
 * Medians of `measured` and `baseline` after `warmups` rounds of each. The two alternate run by
 * run, so a slow spell on this shared machine lands on both sides rather than on one.
 */
export async function compare(options: {
  warmups: number;
  runs: number;
  measured: () => Promise<unknown>;
  baseline: () => Promise<unknown>;
}): Promise<Comparison> {
  for (let round = 0; round < options.warmups; round++) {
    await options.baseline();
    await options.measured();
  }
  const measured: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < options.runs; round++) {
    settle();
    baseline.push(await timeMs(options.baseline));
    settle();
    measured.push(await timeMs(options.measured));
  }
  return { measuredMs: median(measured), baselineMs: median(baseline), runs: options.runs };
}
