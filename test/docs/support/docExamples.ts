import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');

/** Shell languages whose fenced blocks are examples the docs test must account for. */
const powerShell = new Set(['powershell', 'pwsh', 'ps1']);
const bash = new Set(['bash', 'sh', 'shell']);

export interface DocExample {
  /** Repository-relative path of the document, e.g. docs/teams-powershell.md. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  language: 'powershell' | 'bash';
  /** From the `<!-- example <id> … -->` comment above the block; undefined when it has none. */
  id: string | undefined;
  /** Why the block is only parsed (`syntax-only: <why>`); undefined for a block that runs. */
  syntaxOnly: string | undefined;
  code: string;
}

/** README.md and every Markdown file in docs/. */
export function documentFiles(): string[] {
  const docs = readdirSync(path.join(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

const marker = /^<!--\s*example\s+([a-z0-9-]+)(?:\s+syntax-only:\s*(.+?))?\s*-->$/;

/** Every powershell/pwsh and bash/sh fenced block of a document, with its marker if it has one. */
export function examplesOf(file: string): DocExample[] {
  const lines = readFileSync(path.join(repoRoot, file), 'utf8').split(/\r?\n/);
  const examples: DocExample[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^(\s*)(`{3,})\s*([A-Za-z0-9]*)\s*$/.exec(lines[index] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '```', info = ''] = open;
    let end = index + 1;
    while (end < lines.length && (lines[end] ?? '').trim() !== fence) end += 1;
    const language = powerShell.has(info.toLowerCase()) ? 'powershell' : bash.has(info.toLowerCase()) ? 'bash' : undefined;
    if (language) {
      let previous = index - 1;
      while (previous >= 0 && (lines[previous] ?? '').trim() === '') previous -= 1;
      const found = marker.exec((lines[previous] ?? '').trim());
      examples.push({
        file,
        line: index + 1,
        language,
        id: found?.[1],
        syntaxOnly: found?.[2],
        code: lines
          .slice(index + 1, end)
          .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
          .join('\n'),
      });
    }
    index = end;
  }
  return examples;
}

export function allExamples(): DocExample[] {
  return documentFiles().flatMap(examplesOf);
}

/** The documented placeholders (README, "The examples in these docs are tested") and what the test puts in their place. */
export const placeholders = {
  deployedOrigin: 'https://<app>.azurewebsites.net',
  localOrigin: 'http://localhost:7071',
  demoTenant: '22222222-2222-4222-8222-222222222222',
  keyVariable: 'OC_NUMBERS_KEY',
} as const;

export function substitute(code: string, actual: { deployedOrigin: string; localOrigin: string; tenant: string }): string {
  return code
    .split(placeholders.deployedOrigin)
    .join(actual.deployedOrigin)
    .split(placeholders.localOrigin)
    .join(actual.localOrigin)
    .split(placeholders.demoTenant)
    .join(actual.tenant);
}
