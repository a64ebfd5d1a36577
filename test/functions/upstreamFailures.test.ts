import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { getStats, registerTenant, setFault, uniqueTenantId } from '../support/sandboxControl';

const timeoutMs = 2000;
const retries = 2;

beforeEach(() => useSettings({ LIVE_PLATFORM_TIMEOUT_MS: String(timeoutMs), LIVE_PLATFORM_RETRIES: String(retries), LIVE_PLATFORM_CACHE_SECONDS: '0' }));

async function tenantWithFault(fault: Parameters<typeof setFault>[1]): Promise<string> {
  const tenant = uniqueTenantId();
  await registerTenant(tenant, { count: 3 });
  await setFault(tenant, fault);
  return tenant;
}

async function timedCall(tenant: string) {
  const started = Date.now();
  const response = await invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers`, { params: { msTenantId: tenant } });
  return { response, elapsedMs: Date.now() - started, problem: response.json() };
}

function expectProblem(problem: Record<string, unknown>, status: number): void {
  expect(problem).toMatchObject({ type: expect.stringMatching(/^urn:oc-numbers:problem:/), title: expect.any(String), status, detail: expect.any(String), correlationId: expect.any(String) });
  expect(JSON.stringify(problem)).not.toMatch(/eyJ|Bearer|at .*\.ts:\d+/);
}

describe('upstream failures map to the contract answers, within the deadline', () => {
  it.each([
    ['401', 502, /rejected the app's credentials/],
    ['403', 502, /rejected the app's credentials/],
    ['404', 404, /no Operator Connect customer/],
    ['invalidJson', 502, /cannot use/],
    ['nonArray', 502, /cannot use/],
    ['redirect', 502, /cannot use/],
  ] as const)('upstream %s → %i without retrying', async (fault, status, detail) => {
    const tenant = await tenantWithFault({ fault });
    const { response, problem, elapsedMs } = await timedCall(tenant);
    expect(response.status).toBe(status);
    expectProblem(problem, status);
    expect(problem['detail']).toMatch(detail);
    expect((await getStats(tenant)).calls).toBe(1);
    expect(elapsedMs).toBeLessThan(timeoutMs + 1000);
  });

  it.each(['500', '503', 'reset', 'resetMidBody'] as const)('upstream %s on every try → 502 after the bounded retries', async (fault) => {
    const tenant = await tenantWithFault({ fault });
    const { response, problem, elapsedMs } = await timedCall(tenant);
    expect(response.status).toBe(502);
    expectProblem(problem, 502);
    expect((await getStats(tenant)).calls).toBe(retries + 1);
    expect(elapsedMs).toBeLessThan(timeoutMs + 1000);
  });

  it('recovers when a 503 clears before the retries run out', async () => {
    const tenant = await tenantWithFault({ fault: '503', times: 1 });
    const { response } = await timedCall(tenant);
    expect(response.status).toBe(200);
    expect((await getStats(tenant)).calls).toBe(2);
  });

  it('upstream 429 with Retry-After past the deadline → 503 with that Retry-After, no retry storm', async () => {
    const tenant = await tenantWithFault({ fault: '429', retryAfterSeconds: 30 });
    const { response, problem, elapsedMs } = await timedCall(tenant);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    expectProblem(problem, 503);
    expect((await getStats(tenant)).calls).toBe(1);
    expect(elapsedMs).toBeLessThan(1000);
  });

  it('upstream 429 without Retry-After is retried with back-off, then 503 with a Retry-After', async () => {
    const tenant = await tenantWithFault({ fault: '429' });
    const { response, elapsedMs } = await timedCall(tenant);
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await getStats(tenant)).calls).toBeLessThanOrEqual(retries + 1);
    expect(elapsedMs).toBeLessThan(timeoutMs + 1000);
  });

  it.each(['hang', 'slow'] as const)('upstream %s past LIVE_PLATFORM_TIMEOUT_MS → 504 at the deadline', async (fault) => {
    const tenant = await tenantWithFault({ fault, delayMs: 10_000 });
    const { response, problem, elapsedMs } = await timedCall(tenant);
    expect(response.status).toBe(504);
    expectProblem(problem, 504);
    expect(elapsedMs).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(elapsedMs).toBeLessThan(timeoutMs + 1000);
  });

  it('a body over LIVE_PLATFORM_MAX_RESPONSE_BYTES → 502 with a generic detail, reason logged', async () => {
    useSettings({ LIVE_PLATFORM_MAX_RESPONSE_BYTES: '1048576', LIVE_PLATFORM_CACHE_SECONDS: '0' });
    const tenant = await tenantWithFault({ fault: 'oversized', bytes: 4 * 1048576 });
    const { response, problem } = await timedCall(tenant);
    expect(response.status).toBe(502);
    expect(problem['detail']).toBe('The Live Platform answered with a response the app cannot use.');
    expect(response.logs.join('\n')).toMatch(/LIVE_PLATFORM_MAX_RESPONSE_BYTES/);
  });

  it('a token that cannot be obtained → 503 naming the credential mode, and no upstream call', async () => {
    // The sandbox authority knows no app registration with this client id, as Entra would answer.
    useSettings({ LIVE_PLATFORM_AUTH: 'federated', LIVE_PLATFORM_CLIENT_ID: '0b0b0b0b-1111-4222-8333-444444444444' });
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 1 });
    const { response, problem } = await timedCall(tenant);
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(problem['detail']).toMatch(/federated credential/);
    expect(response.logs.join('\n')).toMatch(/token-unavailable|federated/);
    expect((await getStats(tenant)).calls).toBe(0);
  });

  it('a rejected client secret → 503 naming client-secret, never the secret', async () => {
    useSettings({ LIVE_PLATFORM_AUTH: 'client-secret', LIVE_PLATFORM_CLIENT_SECRET: 'definitely-wrong-secret-value' });
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 1 });
    const { response, problem } = await timedCall(tenant);
    expect(response.status).toBe(503);
    expect(problem['detail']).toMatch(/client-secret credential/);
    const everything = `${response.body}\n${response.logs.join('\n')}`;
    expect(everything).not.toContain('definitely-wrong-secret-value');
  });
});
