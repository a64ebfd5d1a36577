// `npm run build` (and the tests' global setup) runs this: each SDK entry in shared/sdk/ becomes one
// CommonJS file in dist/sdk/ that the app loads on first use (shared/sdk/bundledSdk.ts). esbuild reads the
// packages' ES module builds, so it keeps only what the entry exports: @azure/identity without the
// credentials the app never builds. Generated output, never edited; source maps sit beside it.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'sdk');
// One per entry in shared/sdk/ (shared/sdk/bundledSdk.ts names the same list).
const entries = ['identity', 'axios'];

/**
 * Packages an SDK loads when it loads, for a feature the app does not use: MSAL signs certificate
 * assertions with jsonwebtoken (the app's credentials send secrets or managed-identity assertions),
 * axios builds multipart bodies with form-data (the app sends none). Together a third of the two
 * bundles' load time. Each becomes a stand-in that loads the package, from node_modules as
 * installed, on its first use, so a feature that does need one still works.
 */
const loadedOnFirstUse = ['jsonwebtoken', 'form-data'];

/** The stand-in for the package `installed` (its folder), which it requires by a path relative to dist/sdk/. */
function firstUseStandIn(installed) {
  const specifier = path.relative(outdir, installed).split(path.sep).join('/');
  return `let loaded;
const load = () => (loaded ??= require(${JSON.stringify(specifier)}));
// esbuild's interop reads __esModule when the bundle loads: answered without loading (neither package is an ES module).
module.exports = new Proxy(function () {}, {
  get: (_, key) => (key === '__esModule' ? undefined : Reflect.get(load(), key)),
  apply: (_, self, args) => Reflect.apply(load(), self, args),
  construct: (_, args, newTarget) => Reflect.construct(load(), args, newTarget),
});
`;
}

const firstUse = {
  name: 'loaded-on-first-use',
  setup(build) {
    const filter = new RegExp(`^(${loadedOnFirstUse.join('|')})$`);
    // The copy the importing package would get (resolved from its own folder), not whichever is hoisted.
    build.onResolve({ filter }, (args) => ({
      path: path.dirname(createRequire(path.join(args.resolveDir, 'importer.js')).resolve(`${args.path}/package.json`)),
      namespace: 'first-use',
    }));
    // The stand-in's own require stays a require: the package is loaded from node_modules, not bundled.
    build.onResolve({ filter: /node_modules\//, namespace: 'first-use' }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'first-use' }, (args) => ({ contents: firstUseStandIn(args.path), loader: 'js', resolveDir: outdir }));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: entries.map((name) => ({ in: `shared/sdk/${name}.ts`, out: name })),
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // The ES module builds first: only those can be cut down to what an entry exports.
  mainFields: ['module', 'main'],
  plugins: [firstUse],
  minify: true,
  // Class and function names as written: credentials name themselves in logs and tracing spans.
  keepNames: true,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'error',
});
// A warning here is a bundle that may break at run time (import.meta in CommonJS, say): fail the build.
if (result.warnings.length) {
  for (const warning of result.warnings)
    console.error(`bundle-sdks: ${warning.text}${warning.location ? ` (${warning.location.file}:${warning.location.line})` : ''}`);
  process.exit(1);
}
for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  if (file.endsWith('.js')) console.log(`${file}: ${(bytes / 1024).toFixed(0)} KiB`);
}
