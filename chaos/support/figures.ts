import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Each chaos suite records what it measured as rows of the figures table (chaos/run.mjs prints
 * them and writes docs/reliability.md). A row is also the suite's assertion: `check` throws when
 * the figure misses its target, so a failing figure fails the run and is never only printed.
 *
 * `knownDefect` names a defect found by this run in code another engineer owns, whose patch is
 * pending: the row is shown as such and does not fail the run — but if it passes, `check` throws,
 * so the mark is dropped as soon as the patch lands (like jest's test.failing).
 */

export interface FigureRow {
  check: string;
  figure: string;
  target: string;
  pass: boolean;
  knownDefect?: string;
}

export interface SuiteFigures {
  suite: string;
  order: number;
  rows: FigureRow[];
  notes: string[];
  durationMs: number;
}

export class Figures {
  private readonly rows: FigureRow[] = [];
  private readonly notes: string[] = [];
  private readonly started = Date.now();

  constructor(
    private readonly suite: string,
    private readonly order: number,
  ) {}

  /** Records the row, then fails the test when the figure misses its target (see knownDefect above). */
  check(row: FigureRow): void {
    this.rows.push(row);
    this.write();
    if (row.knownDefect && row.pass) {
      throw new Error(`${this.suite} / ${row.check}: known defect ${row.knownDefect} no longer reproduces — drop the knownDefect mark`);
    }
    if (!row.pass && !row.knownDefect) throw new Error(`${this.suite} / ${row.check}: ${row.figure} (target ${row.target})`);
  }

  /** Records every row first, then fails on the first that misses its target. */
  checkAll(rows: readonly FigureRow[]): void {
    const failures: string[] = [];
    for (const row of rows) {
      try {
        this.check(row);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (failures.length > 0) throw new Error(failures.join('\n'));
  }

  note(text: string): void {
    this.notes.push(text);
    this.write();
  }

  private write(): void {
    const folder = process.env['CHAOS_FIGURES_DIR'];
    if (!folder) return;
    mkdirSync(folder, { recursive: true });
    const figures: SuiteFigures = { suite: this.suite, order: this.order, rows: this.rows, notes: this.notes, durationMs: Date.now() - this.started };
    writeFileSync(path.join(folder, `${this.order}-${this.suite.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}.json`), JSON.stringify(figures, null, 2));
  }
}

/** "12 / 12", "0", … helpers for table cells. */
export const ratio = (good: number, total: number): string => `${good} / ${total}`;

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
