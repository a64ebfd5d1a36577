import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { routeCatalog } from '../../shared/api/routeCatalog';
import { queryParser } from '../../shared/http/queryParser';
import { queryValidator } from '../../shared/validation/validators';
import { precompiledValidatorsFile, validatorSource } from '../../scripts/validatorSource';

const root = path.resolve(__dirname, '../..');
const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
const generatedModule = 'shared/generated/precompiledValidators.ts';

// What tsc emits decides what the app loads: type-only imports vanish there, so check the emitted requires.
const { options } = ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, root);
function emittedRequires(file: string): string[] {
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file });
  return [...outputText.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1] as string);
}

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(root, folder, name));
}

describe('precompiled validators', () => {
  it('commits shared/generated/precompiledValidators.ts exactly as npm run validators generates it', () => {
    // A diff of generated code helps nobody; the message says what to do.
    const fresh = readFileSync(precompiledValidatorsFile, 'utf8') === validatorSource();
    if (!fresh) throw new Error(`${relative(precompiledValidatorsFile)} does not match its schemas: run npm run validators and commit the result`);
  });

  it("goes stale when a route's query spec changes, so the check above can fail", () => {
    const committed = readFileSync(precompiledValidatorsFile, 'utf8');
    const route = routeCatalog.find((candidate) => candidate.name === 'health');
    if (!route) throw new Error('the catalog has no health route');
    const query = route.query as Record<string, unknown>;
    query['verbose'] = { schema: { enum: ['true'] }, mustBe: 'true' };
    try {
      expect(validatorSource()).not.toBe(committed);
    } finally {
      delete query['verbose'];
    }
    expect(validatorSource()).toBe(committed);
  });

  it('leaves ajv out of the app: shared/ and functions/ import it for types only, the generated code needs only its runtime helpers', () => {
    const ajvImports: string[] = [];
    for (const file of [...sourceFiles('shared'), ...sourceFiles('functions')]) {
      const ajv = emittedRequires(file).filter((specifier) => /^ajv(-formats)?(\/|$)/.test(specifier));
      if (relative(file) === generatedModule) {
        expect(emittedRequires(file).every((specifier) => /^ajv\/dist\/runtime\/\w+$/.test(specifier))).toBe(true);
        expect(ajv.length).toBeGreaterThan(0);
      } else {
        ajvImports.push(...ajv.map((specifier) => `${relative(file)}: ${specifier}`));
      }
    }
    expect(ajvImports).toEqual([]);
  });

  it('generates from modules that do not load the generated file (schemas only, nothing compiled)', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const specifier of emittedRequires(file).filter((s) => s.startsWith('.'))) {
        const target = path.resolve(path.dirname(file), specifier);
        visit(readdirSync(path.dirname(target)).includes(`${path.basename(target)}.ts`) ? `${target}.ts` : path.join(target, 'index.ts'));
      }
    };
    visit(path.join(root, 'scripts', 'validatorSource.ts'));
    expect([...seen].map(relative).filter((file) => file.startsWith('shared/validation/') || file.startsWith('shared/generated/'))).toEqual([]);
    expect([...seen].map(relative)).toEqual(
      expect.arrayContaining(['shared/config/settingsSchema.ts', 'shared/http/querySchema.ts', 'shared/api/routeCatalog.ts']),
    );
  });

  it('has a query validator for every route, and a route without one fails at load with what to do', () => {
    for (const route of routeCatalog) expect(typeof queryValidator(route.name)).toBe('function');
    expect(() => queryParser({ name: 'notARoute', query: {} })).toThrow('no precompiled query validator for route notARoute; run npm run validators');
    // Prototype names are no routes.
    expect(() => queryValidator('constructor')).toThrow('no precompiled query validator for route constructor');
  });
});
