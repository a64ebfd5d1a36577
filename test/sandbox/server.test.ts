import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type SandboxHandle } from '../../sandbox/server';
import { LEGACY_TENANT_ID } from '../support/sandboxControl';

/** A private sandbox per test here, to check options and shutdown without touching the shared one. */
describe('startSandbox', () => {
  let stateDir: string;
  let sandbox: SandboxHandle | undefined;

  beforeEach(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'oc-numbers-sandbox-test-'));
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
    await rm(stateDir, { recursive: true, force: true });
  });

  it('listens on loopback only, writes the CA certificate and uses the given options', async () => {
    sandbox = await startSandbox({
      stateDir,
      identityHeader: 'given-header',
      audience: 'api://custom-audience',
      app: { tenantId: 'aaaaaaaa-0000-4000-8000-000000000001', clientId: 'aaaaaaaa-0000-4000-8000-000000000002', clientSecret: 's3cret' },
      log: () => undefined,
    });
    expect(sandbox.liveBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.authorityHost).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.identityEndpoint).toBe(`${sandbox.liveBaseUrl}/msi/token`);
    expect(sandbox.caCertPath.startsWith(stateDir)).toBe(true);
    expect(await readFile(sandbox.caCertPath, 'utf8')).toContain('BEGIN CERTIFICATE');
    expect(sandbox.app.clientSecret).toBe('s3cret');

    const tokenUrl = `${sandbox.identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent('api://custom-audience')}`;
    const tokenResponse = await fetch(tokenUrl, { headers: { 'X-IDENTITY-HEADER': 'given-header' } });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const numbers = await fetch(`${sandbox.liveBaseUrl}/api/v2/oc/numbers?msTenantId=${LEGACY_TENANT_ID}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(numbers.status).toBe(200);
  });

  it('does not accept tokens from another sandbox instance (keys are per start)', async () => {
    sandbox = await startSandbox({ stateDir, log: () => undefined });
    const other = await startSandbox({ stateDir: path.join(stateDir, 'other'), log: () => undefined });
    try {
      const tokenUrl = `${other.identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent(other.audience)}`;
      const { access_token: token } = (await (await fetch(tokenUrl, { headers: { 'X-IDENTITY-HEADER': other.identityHeader } })).json()) as {
        access_token: string;
      };
      const response = await fetch(`${sandbox.liveBaseUrl}/api/v2/oc/numbers?msTenantId=${LEGACY_TENANT_ID}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('close() ends hung requests and frees the ports', async () => {
    sandbox = await startSandbox({ stateDir, log: () => undefined });
    const tenantId = 'bbbbbbbb-0000-4000-8000-000000000001';
    await fetch(`${sandbox.liveBaseUrl}/_sandbox/faults/${tenantId}`, { method: 'PUT', body: JSON.stringify({ fault: 'hang' }) });
    const tokenUrl = `${sandbox.identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent(sandbox.audience)}`;
    const { access_token: token } = (await (await fetch(tokenUrl, { headers: { 'X-IDENTITY-HEADER': sandbox.identityHeader } })).json()) as {
      access_token: string;
    };

    const hung = new Promise<string>((resolve) => {
      const request = http.get(`${sandbox?.liveBaseUrl ?? ''}/api/v2/oc/numbers?msTenantId=${tenantId}`, { headers: { Authorization: `Bearer ${token}` } });
      request.on('response', () => resolve('answered'));
      request.on('error', () => resolve('connection closed'));
    });
    await new Promise((resolve) => setTimeout(resolve, 100));

    // The request hangs until close() ends it: close() does not wait for it (it never ends on its own).
    let settled = false;
    void hung.then(() => {
      settled = true;
    });
    expect(settled).toBe(false);
    const liveBaseUrl = sandbox.liveBaseUrl;
    await sandbox.close();
    sandbox = undefined;
    expect(await hung).toBe('connection closed');
    await expect(fetch(`${liveBaseUrl}/_sandbox/stats`)).rejects.toThrow();
  });
});
