// `npm run chaos`: runs the reliability suites (chaos/*.chaos.ts) with jest in band, then prints
// the figures table they recorded and writes it to docs/reliability.md with the date, machine,
// Node version and command. Extra arguments go to jest (a suite name, say); such a partial run,
// or one with shortened load (CHAOS_LOAD_SECONDS), prints its table but leaves the doc alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const figuresDir = mkdtempSync(path.join(os.tmpdir(), 'oc-numbers-chaos-figures-'));
const started = Date.now();

// The benchmarks share this 2-core machine: their load would be part of ours, and ours of theirs.
const busy = otherBenchmarks();
if (busy.length > 0) console.warn(`[chaos] warning: benchmark processes are running (${busy.join('; ')}); load figures will be disturbed`);

const nodeOptions = [process.env.NODE_OPTIONS, '--expose-gc'].filter(Boolean).join(' ');
const jest = spawnSync(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '-c', 'chaos/jest.config.mjs', '--runInBand', ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CHAOS_FIGURES_DIR: figuresDir, NODE_OPTIONS: nodeOptions },
});
const minutes = ((Date.now() - started) / 60000).toFixed(1);

const suites = readdirSync(figuresDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(path.join(figuresDir, file), 'utf8')))
  .sort((a, b) => a.order - b.order);
rmSync(figuresDir, { recursive: true, force: true });

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const status = (row) => (row.knownDefect ? `KNOWN DEFECT ${row.knownDefect}` : row.pass ? 'pass' : 'FAIL');
const table = [
  '| suite | check | figure | target | result |',
  '|---|---|---|---|---|',
  ...suites.flatMap((suite) =>
    suite.rows.map((row) => `| ${cell(suite.suite)} | ${cell(row.check)} | ${cell(row.figure)} | ${cell(row.target)} | ${status(row)} |`),
  ),
].join('\n');
const allRows = suites.flatMap((suite) => suite.rows);
const passed = jest.status === 0 && allRows.length > 0 && allRows.every((row) => row.pass || row.knownDefect);

const cpus = os.cpus();
const machine = `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB memory, ${os.type()} ${os.release()}`;
const command = ['npm run chaos', ...(args.length > 0 ? ['--', ...args] : [])].join(' ');
const header = [
  `Date: ${new Date().toISOString()}`,
  `Machine: ${machine}`,
  `Node: ${process.version}`,
  `Command: \`${command}\`${['CHAOS_LOAD_SECONDS', 'CHAOS_STORAGE_RUNS', 'CHAOS_SEED']
    .filter((name) => process.env[name])
    .map((name) => ` ${name}=${process.env[name]}`)
    .join('')}`,
  `Duration: ${minutes} min; result: ${passed ? 'passed' : 'FAILED'}${busy.length > 0 ? '; benchmarks were running at the same time' : ''}`,
];

console.log(`\n${header.join('\n')}\n\n${table}\n`);
for (const suite of suites) for (const note of suite.notes) console.log(`- ${suite.suite}: ${note}`);

const expectedSuites = [
  'Upstream faults',
  'Token faults',
  'Bad input',
  'Storage faults',
  'Load',
  'Hostile bodies',
  'Amplifying queries',
  'Shared budget',
  'Secrets',
];
const complete =
  args.length === 0 &&
  !process.env.CHAOS_LOAD_SECONDS &&
  !process.env.CHAOS_STORAGE_RUNS &&
  expectedSuites.every((name) => suites.some((suite) => suite.suite === name));
if (complete) {
  const docPath = path.join(root, 'docs', 'reliability.md');
  const doc = readFileSync(docPath, 'utf8');
  const begin = '<!-- chaos:figures:begin -->';
  const end = '<!-- chaos:figures:end -->';
  const notes = suites.flatMap((suite) => suite.notes.map((note) => `- **${suite.suite}**: ${note}`));
  const block = [begin, '', ...header.map((line) => `${line}  `), '', table, '', ...notes, '', end].join('\n');
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end);
  if (from < 0 || to < 0) throw new Error(`docs/reliability.md has no ${begin} … ${end} block to fill`);
  writeFileSync(docPath, `${doc.slice(0, from)}${block}${doc.slice(to + end.length)}`);
  console.log('\nWritten to docs/reliability.md');
} else {
  console.log('\nPartial or shortened run: docs/reliability.md left as it was.');
}
process.exit(passed ? 0 : 1);

function otherBenchmarks() {
  const found = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid) continue;
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (/bench/.test(commandLine) && !/chaos/.test(commandLine)) found.push(`${pid} ${commandLine.slice(0, 80)}`);
    } catch {
      // The process ended meanwhile.
    }
  }
  return found;
}
