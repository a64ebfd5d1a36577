import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './armTemplate';

// Supply chain and secret exposure of the GitHub workflows (docs/deploy.md, "GitHub Actions").
const folder = path.join(repoRoot, '.github', 'workflows');
const workflows = fs.readdirSync(folder).filter((name) => /\.ya?ml$/.test(name));
const text = (name: string) => fs.readFileSync(path.join(folder, name), 'utf8');

describe('GitHub workflows', () => {
  test.each(workflows)('%s pins every action by full commit SHA, the tag in a comment', (name) => {
    const uses = [...text(name).matchAll(/^\s*-?\s*uses:\s*(.+)$/gm)].map((m) => (m[1] ?? '').trim());
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) expect(use).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
  });

  test.each(workflows)('%s hands secrets only to the steps that use them, never to a whole job or workflow', (name) => {
    const lines = text(name).split('\n');
    lines.forEach((line, index) => {
      if (!line.includes('secrets.')) return;
      // The nearest `env:` above, and its indentation: step-level env sits under a `- name:` step (indent ≥ 8).
      const envLine =
        lines
          .slice(0, index)
          .reverse()
          .find((l) => /^\s*env:\s*$/.test(l)) ?? '';
      expect({ line: index + 1, stepLevel: envLine.search(/\S/) >= 8 }).toEqual({ line: index + 1, stepLevel: true });
    });
  });
});
