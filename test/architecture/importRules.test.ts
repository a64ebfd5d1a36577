import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { appRoot } from '../../shared/runtime/appRoot';

/**
 * The import rules of docs/architecture.md, enforced: the table there is the rule, this test only
 * reads it. Imports are found by TypeScript's own pre-processor (static, type-only, dynamic
 * `import()`, `require()` and `typeof import()` alike).
 */

type Rules = ReadonlyMap<string, readonly string[]>;

/** The `folder | may import` table under the "import rules" marker. */
export function parseRules(markdown: string): Rules {
  const start = markdown.indexOf('<!-- import rules');
  if (start < 0) throw new Error('docs/architecture.md has no "import rules" table');
  const rules = new Map<string, string[]>();
  for (const line of markdown.slice(start).split('\n').slice(1)) {
    if (!line.startsWith('|')) {
      if (rules.size > 0) break;
      continue;
    }
    const [folderCell = '', allowedCell = ''] = line.split('|').slice(1, 3);
    const folder = folderCell.match(/`([^`]+)`/)?.[1];
    if (!folder) continue;
    rules.set(
      folder,
      [...allowedCell.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string),
    );
  }
  return rules;
}

/** The unit a file belongs to: `shared/<folder>` inside shared/, else its top-level folder. */
export function unitOf(relativePath: string): string {
  const [top = '', second = ''] = relativePath.split('/');
  return top === 'shared' ? `shared/${second}` : top;
}

export interface Violation {
  file: string;
  imports: string;
}

/** The imports of one file that its unit may not make. Only the app's own files count; npm packages are free. */
export function violationsIn(relativePath: string, source: string, rules: Rules): Violation[] {
  const unit = unitOf(relativePath);
  const allowed = rules.get(unit) ?? [];
  const violations: Violation[] = [];
  for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(relativePath), fileName));
    const targetUnit = unitOf(target);
    if (targetUnit === unit) continue;
    const permitted = allowed.some((rule) => rule === targetUnit || (rule === 'shared/*' && targetUnit.startsWith('shared/')));
    if (!permitted) violations.push({ file: relativePath, imports: target });
  }
  return violations;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(appRoot, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(appRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

const rules = parseRules(readFileSync(path.join(appRoot, 'docs', 'architecture.md'), 'utf8'));
const checked = ['functions', 'scripts', 'sandbox', 'localhost', 'shared'].flatMap(sourceFiles);

describe('the import rules of docs/architecture.md', () => {
  it('lists every folder of the app', () => {
    const units = [...new Set(checked.map(unitOf))].sort();
    expect(units.length).toBeGreaterThan(15);
    expect(units.filter((unit) => !rules.has(unit))).toEqual([]);
  });

  it('holds for every file', () => {
    const violations = checked.flatMap((file) => violationsIn(file, readFileSync(path.join(appRoot, file), 'utf8'), rules));
    expect(violations).toEqual([]);
  });

  it('catches a domain folder importing HTTP, through any form of import, and lets a permitted import through', () => {
    const cases = [
      "import { problemFor } from '../http/problemMapping';",
      "import type { RouteEntry } from '../http/registerRoute';",
      "const late = lateLoad<typeof import('../api/routeCatalog')>(require, '../api/routeCatalog');",
      "export { registerRoute } from '../http/registerRoute';",
    ];
    for (const source of cases) expect(violationsIn('shared/snapshots/example.ts', source, rules)).toHaveLength(1);
    expect(violationsIn('shared/snapshots/example.ts', "import { odata } from '../storage/odata';\nimport ts from 'typescript';", rules)).toEqual([]);
    expect(violationsIn('functions/example.ts', "import { registerRoute } from '../shared/http/registerRoute';", rules)).toEqual([]);
    expect(violationsIn('shared/errors/example.ts', "import { appRoot } from '../runtime/appRoot';", rules)).toEqual([
      { file: 'shared/errors/example.ts', imports: 'shared/runtime/appRoot' },
    ]);
  });

  it('reads the table as written', () => {
    expect(rules.get('shared/errors')).toEqual([]);
    expect(rules.get('functions')).toEqual(['shared/*']);
    expect(rules.get('shared/validation')).toEqual(['shared/generated']);
  });
});
