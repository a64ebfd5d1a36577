import { readFileSync } from 'node:fs';
import path from 'node:path';
import { routeCatalog } from '../../shared/api/routeCatalog';
import { settingNames, snapshotStorageConnection } from '../../shared/config/settingNames';
import { internalProblem, statusOf } from '../../shared/http/problemMapping';
import { appRoot } from '../../shared/runtime/appRoot';

/** docs/api.md is the contract as built: every route, parameter, setting and problem type the code has is in it. */
const doc = readFileSync(path.join(appRoot, 'docs', 'api.md'), 'utf8');
const section = (heading: string): string => {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/api.md has no "## ${heading}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
};
const tableRows = (text: string): string[][] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

describe('docs/api.md', () => {
  it('lists every HTTP function of the catalog with its method, route and auth level', () => {
    const rows = tableRows(section('Functions'));
    for (const route of routeCatalog) {
      expect(rows).toContainEqual([`\`${route.name}\``, `HTTP ${route.method}`, `\`${route.route}\``, route.authLevel]);
    }
    expect(rows.filter((row) => row[1]?.startsWith('HTTP'))).toHaveLength(routeCatalog.length);
  });

  it("names every query parameter of every route in that route's section", () => {
    const routes = section('Routes');
    for (const route of routeCatalog) {
      // A section may cover two routes: `### \`health\`, \`healthDeep\` — …`.
      const start = routes.search(new RegExp(`\n### [^\n]*\`${route.name}\``));
      expect({ route: route.name, start: start >= 0 }).toEqual({ route: route.name, start: true });
      const end = routes.indexOf('\n### ', start + 1);
      const own = routes.slice(start, end < 0 ? undefined : end);
      const missing = Object.keys(route.query).filter((name) => !own.includes(`\`${name}\``) && !(name === 'channelId' && own.includes('channel')));
      expect({ route: route.name, missing }).toEqual({ route: route.name, missing: [] });
    }
  });

  it('documents every setting the code reads', () => {
    const names = tableRows(section('Settings')).flatMap((row) => [...(row[0] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]));
    for (const name of [...settingNames, snapshotStorageConnection]) expect(names).toContain(name);
  });

  it('gives every problem type with the status problemMapping.ts answers', () => {
    const rows = tableRows(section('Rules every HTTP route follows'));
    const documented = new Map(rows.map((row) => [row[0]?.replace(/`/g, ''), row[1]]));
    const answered: [string, number][] = Object.entries(statusOf)
      .filter((entry): entry is [string, number] => entry[1] !== 'internal')
      .concat([[internalProblem.problemType, internalProblem.status]]);
    for (const [code, status] of answered) expect({ code, status: documented.get(code) }).toEqual({ code, status: String(status) });
  });
});
