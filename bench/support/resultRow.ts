/** One line of the bench table. `holds` is null for a figure that is reported, not judged. */
export interface ResultRow {
  case: string;
  measured: string;
  baseline: string;
  ratio: string;
  target: string;
  holds: boolean | null;
  /** Why a target does not hold, printed beside the NO (main.ts supplies a pointer to the docs otherwise). */
  whyNot?: string;
}

export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatRatio(ratio: number): string {
  return ratio < 0.1 ? `${ratio.toFixed(3)}×` : `${ratio.toFixed(2)}×`;
}

export function formatCount(count: number): string {
  return count >= 1000 && count % 1000 === 0 ? `${count / 1000}k` : String(count);
}
