import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type SandboxHandle } from '../../sandbox/server';
import type { SandboxArrivals } from '../../sandbox/stats';
import { LEGACY_TENANT_ID } from '../support/sandboxControl';

/** A private sandbox: the enforced limit and the arrival log are sandbox-wide, and the shared sandbox serves every worker. */
describe('the sandbox as the Live Platform counts calls', () => {
  let stateDir: string;
  let sandbox: SandboxHandle;
  let token: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'oc-numbers-sandbox-limit-'));
    sandbox = await startSandbox({ stateDir, log: () => undefined });
    const tokenUrl = `${sandbox.identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent(sandbox.audience)}`;
    token = ((await (await fetch(tokenUrl, { headers: { 'X-IDENTITY-HEADER': sandbox.identityHeader } })).json()) as { access_token: string }).access_token;
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  const numbers = () => fetch(`${sandbox.liveBaseUrl}/api/v2/oc/numbers?msTenantId=${LEGACY_TENANT_ID}`, { headers: { Authorization: `Bearer ${token}` } });
  const control = (method: string, route: string, body?: unknown) =>
    fetch(`${sandbox.liveBaseUrl}/_sandbox/${route}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('records every call it receives, answers 429 beyond an enforced limit, and counts those', async () => {
    expect((await control('PUT', 'rate-limit', { limit: 2, windowMs: 60_000 })).status).toBe(204);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await numbers()).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    const log = (await (await control('GET', 'arrivals')).json()) as SandboxArrivals;
    expect(log.arrivals).toHaveLength(4);
    expect(log.rateLimited).toBe(2);
    expect(log.rateLimit).toEqual({ limit: 2, windowMs: 60_000 });

    expect((await control('DELETE', 'rate-limit')).status).toBe(204);
    expect((await numbers()).status).toBe(200);
  });

  it('refuses a limit that is not a positive integer', async () => {
    const response = await control('PUT', 'rate-limit', { limit: 0, windowMs: 10_000 });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/limit and windowMs/);
  });
});
