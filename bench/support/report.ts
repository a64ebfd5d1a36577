import { readFileSync, writeFileSync } from 'node:fs';
import type { ResultRow } from './resultRow';

export interface BenchRun {
  rows: readonly ResultRow[];
  notes: readonly string[];
  machine: string;
  node: string;
  command: string;
  date: string;
}

function verdict(row: ResultRow): string {
  if (row.holds === null) return '—';
  return row.holds ? 'yes' : `**NO**${row.whyNot ? `: ${row.whyNot}` : ''}`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The run as Markdown: context, the table, then the notes the figures need. */
export function renderRun(run: BenchRun): string {
  const lines = [
    `Measured ${run.date} with \`${run.command}\` on ${run.machine}, Node ${run.node}.`,
    '',
    '| case | measured (median) | baseline (median, same run) | ratio | target | holds |',
    '|---|---|---|---|---|---|',
    ...run.rows.map((row) => `| ${[row.case, row.measured, row.baseline, row.ratio, row.target, verdict(row)].map(cell).join(' | ')} |`),
    '',
    ...run.notes.map((note) => `- ${note}`),
  ];
  return `${lines.join('\n')}\n`;
}

const start = '<!-- bench:run:start -->';
const end = '<!-- bench:run:end -->';

/** Replaces the generated run in the document, leaving the hand-written text around it as it is. */
export function writeRunInto(documentPath: string, run: BenchRun): void {
  const document = readFileSync(documentPath, 'utf8');
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${documentPath} has no ${start} … ${end} section for the run`);
  writeFileSync(documentPath, `${document.slice(0, from + start.length)}\n${renderRun(run)}${document.slice(to)}`);
}
