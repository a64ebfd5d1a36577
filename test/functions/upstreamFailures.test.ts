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

async function call(tenant: string) {
  const response = await invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers`, { params: { msTenantId: tenant } });
  return { response, problem: response.json() };
}

/** What the client decided after each failed attempt, as it logs it ("retrying in 180 ms", "no retries left", …). */
function retryDecisions(logs: readonly string[]): string[] {
  return logs.flatMap((line) => /Live Platform \S+ attempt \d+ failed: .*; ([^;]+)$/.exec(line)?.[1] ?? []);
}

/** Exponential back-off with full jitter (shared/live-platform/backoff.ts): attempt n waits between half and all of 250 ms × 2ⁿ. */
function expectBackOff(decision: string | undefined, attempt: number): void {
  const delay = Number(/^retrying in (\d+) ms$/.exec(decision ?? '')?.[1] ?? NaN);
  expect(delay).toBeGreaterThanOrEqual((250 * 2 ** attempt) / 2);
  expect(delay).toBeLessThanOrEqual(250 * 2 ** attempt);
}

function expectProblem(problem: Record<string, unknown>, status: number): void {
  expect(problem).toMatchObject({
    type: expect.stringMatching(/^urn:oc-numbers:problem:/),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    correlationId: expect.any(String),
  });
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
    const { response, problem } = await call(tenant);
    expect(response.status).toBe(status);
    expectProblem(problem, status);
    expect(problem['detail']).toMatch(detail);
    // Answered at once: one call, and no back-off waited before giving the answer.
    expect((await getStats(tenant)).calls).toBe(1);
    expect(retryDecisions(response.logs).filter((decision) => decision.startsWith('retrying'))).toEqual([]);
  });

  it.each(['500', '503', 'reset', 'resetMidBody'] as const)('upstream %s on every try → 502 after the bounded retries', async (fault) => {
    const tenant = await tenantWithFault({ fault });
    const { response, problem } = await call(tenant);
    // 502, not 504: the retries and their back-off fit in LIVE_PLATFORM_TIMEOUT_MS.
    expect(response.status).toBe(502);
    expectProblem(problem, 502);
    expect((await getStats(tenant)).calls).toBe(retries + 1);
    const decisions = retryDecisions(response.logs);
    expect(decisions).toHaveLength(retries + 1);
    expectBackOff(decisions[0], 0);
    expectBackOff(decisions[1], 1);
    expect(decisions[2]).toBe('no retries left');
  });

  it('recovers when a 503 clears before the retries run out', async () => {
    const tenant = await tenantWithFault({ fault: '503', times: 1 });
    const { response } = await call(tenant);
    expect(response.status).toBe(200);
    expect((await getStats(tenant)).calls).toBe(2);
  });

  it('upstream 429 with Retry-After past the deadline → 503 with that Retry-After, no retry storm', async () => {
    const tenant = await tenantWithFault({ fault: '429', retryAfterSeconds: 30 });
    const { response, problem } = await call(tenant);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    expectProblem(problem, 503);
    expect((await getStats(tenant)).calls).toBe(1);
    // Answered at once: a wait the deadline cannot hold is not started.
    expect(retryDecisions(response.logs)).toEqual(['not retried: waiting 30000 ms would pass the deadline']);
  });

  it('upstream 429 without Retry-After is retried with back-off, then 503 with a Retry-After', async () => {
    const tenant = await tenantWithFault({ fault: '429' });
    const { response } = await call(tenant);
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await getStats(tenant)).calls).toBe(retries + 1);
    const decisions = retryDecisions(response.logs);
    expectBackOff(decisions[0], 0);
    expectBackOff(decisions[1], 1);
    expect(decisions.slice(2)).toEqual(['no retries left']);
  });

  it.each(['hang', 'slow'] as const)('upstream %s past LIVE_PLATFORM_TIMEOUT_MS → 504 at the deadline', async (fault) => {
    const tenant = await tenantWithFault({ fault, delayMs: 10_000 });
    const { response, problem } = await call(tenant);
    // Not the upstream's answer (slow would give a 200 after 10 s; hang never answers): the app's deadline.
    expect(response.status).toBe(504);
    expectProblem(problem, 504);
    expect(problem['detail']).toBe(`The Live Platform did not answer within ${timeoutMs} ms.`);
    // The deadline covers the whole lookup: no retry after it.
    expect((await getStats(tenant)).calls).toBe(1);
  });

  it('upstream slow but inside LIVE_PLATFORM_TIMEOUT_MS → 200: the client waits until its deadline, not less', async () => {
    const tenant = await tenantWithFault({ fault: 'slow', delayMs: timeoutMs / 4 });
    const { response } = await call(tenant);
    expect(response.status).toBe(200);
    expect((await getStats(tenant)).calls).toBe(1);
  });

  it('a body over LIVE_PLATFORM_MAX_RESPONSE_BYTES → 502 with a generic detail, reason logged', async () => {
    useSettings({ LIVE_PLATFORM_MAX_RESPONSE_BYTES: '1048576', LIVE_PLATFORM_CACHE_SECONDS: '0' });
    const tenant = await tenantWithFault({ fault: 'oversized', bytes: 4 * 1048576 });
    const { response, problem } = await call(tenant);
    expect(response.status).toBe(502);
    expect(problem['detail']).toBe('The Live Platform answered with a response the app cannot use.');
    expect(response.logs.join('\n')).toMatch(/LIVE_PLATFORM_MAX_RESPONSE_BYTES/);
  });

  it('a token that cannot be obtained → 503 naming the credential mode, and no upstream call', async () => {
    // The sandbox authority knows no app registration with this client id, as Entra would answer.
    useSettings({ LIVE_PLATFORM_AUTH: 'federated', LIVE_PLATFORM_CLIENT_ID: '0b0b0b0b-1111-4222-8333-444444444444' });
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 1 });
    const { response, problem } = await call(tenant);
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
    const { response, problem } = await call(tenant);
    expect(response.status).toBe(503);
    expect(problem['detail']).toMatch(/client-secret credential/);
    const everything = `${response.body}\n${response.logs.join('\n')}`;
    expect(everything).not.toContain('definitely-wrong-secret-value');
  });
});
