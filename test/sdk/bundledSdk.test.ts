import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { SdkBundleMissingError } from '../../shared/errors/appErrors';
import { bundledSdk, sdkBundleDir, sdkBundleNames, type SdkBundleName } from '../../shared/sdk/bundledSdk';

// The bundles are the ones `npm test` builds first (pretest: scripts/bundle-sdks.mjs). What a bundle
// loads is seen in a fresh node process: jest's own module registry would hide require.cache.
const bundle = (name: SdkBundleName) => path.join(sdkBundleDir, `${name}.js`);

/** Runs `script` in a fresh node process with `bundle(name)` loaded as `sdk`; returns what it prints, parsed. */
async function inFreshProcess<T>(name: SdkBundleName, script: string, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const loaded = `const loaded = (name) => Object.keys(require.cache).some((file) => file.includes(\`\${require('path').sep}node_modules\${require('path').sep}\${name}\${require('path').sep}\`));`;
  const code = `${loaded}\nconst sdk = require(${JSON.stringify(bundle(name))});\n(async () => { ${script} })().then((out) => process.stdout.write(JSON.stringify(out)), (error) => { process.stderr.write(String(error)); process.exit(1); });`;
  // Not execFileSync: jest may run this file in the process that serves the sandbox, which must keep answering.
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', code], { env, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(stdout) as T;
}

describe('the SDK bundles', () => {
  test.each(sdkBundleNames)('%s exports exactly what its entry in shared/sdk names', (name) => {
    const entry = jest.requireActual<Record<string, unknown>>(`../../shared/sdk/${name}`);
    const built = jest.requireActual<Record<string, unknown>>(bundle(name));
    expect(Object.keys(built).sort()).toEqual(Object.keys(entry).sort());
    for (const key of Object.keys(entry)) expect(typeof built[key]).toBe('function');
  });

  test('axios loads form-data with its first multipart body, not before, and builds a real form-data body', async () => {
    const seen = await inFreshProcess<{ atLoad: boolean; afterUse: boolean; boundary: boolean }>(
      'axios',
      `const atLoad = loaded('form-data');
       const form = sdk.axios.toFormData({ number: '+12065550100' });
       return { atLoad, afterUse: loaded('form-data'), boundary: /^multipart\\/form-data; boundary=/.test(form.getHeaders()['content-type']) };`,
    );
    expect(seen).toEqual({ atLoad: false, afterUse: true, boundary: true });
  });

  test('a certificate credential signs its assertion through jsonwebtoken, which the identity bundle loads only then', async () => {
    // An RSA certificate the sandbox authority does not know: the credential signs an assertion with it and is refused.
    const pair = await generate([{ name: 'commonName', value: 'OC Numbers bundle test' }], { keySize: 2048, algorithm: 'sha256' });
    const pemPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'oc-numbers-cert-')), 'client.pem');
    writeFileSync(pemPath, `${pair.private}\n${pair.cert}`);
    const env = {
      ...process.env,
      AZURE_TENANT_ID: process.env['LIVE_PLATFORM_TENANT_ID'],
      AZURE_CLIENT_ID: process.env['LIVE_PLATFORM_CLIENT_ID'],
      AZURE_CLIENT_CERTIFICATE_PATH: pemPath,
      AZURE_AUTHORITY_HOST: process.env['LIVE_PLATFORM_AUTHORITY_HOST'],
    };
    const jsonwebtoken = path.dirname(require.resolve('jsonwebtoken/package.json'));
    const seen = await inFreshProcess<{ atLoad: boolean; signed: Array<{ alg: string; aud: string }>; error: string }>(
      'identity',
      `const atLoad = loaded('jsonwebtoken');
       // The installed package the stand-in loads: record what its sign returns.
       const jwt = require(${JSON.stringify(jsonwebtoken)});
       const sign = jwt.sign;
       const signed = [];
       jwt.sign = (...args) => { const token = sign(...args); signed.push(jwt.decode(token, { complete: true })); return token; };
       const credential = new sdk.DefaultAzureCredential({ disableInstanceDiscovery: true });
       const error = await credential.getToken(${JSON.stringify(process.env['LIVE_PLATFORM_SCOPE'])}).then(() => 'no error', (e) => String(e.message));
       return { atLoad, signed: signed.map(({ header, payload }) => ({ alg: header.alg, aud: payload.aud })), error };`,
      env,
    );
    expect(seen.atLoad).toBe(false);
    expect(seen.signed).toEqual([{ alg: expect.stringMatching(/^(RS|PS)256$/), aud: expect.stringContaining('/oauth2/v2.0/token') }]);
    // The authority got that assertion and refused it: EnvironmentCredential reports its answer.
    expect(seen.error).toMatch(/EnvironmentCredential authentication failed[\s\S]*AADSTS\d+/);
  });

  test('a bundle that was never built is named, with the command that builds it', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'oc-numbers-no-sdk-'));
    expect(bundledSdk('identity', empty)).toThrow(SdkBundleMissingError);
    expect(bundledSdk('identity', empty)).toThrow('identity.js was not built with the app: npm run build writes it to dist/sdk.');
  });
});
