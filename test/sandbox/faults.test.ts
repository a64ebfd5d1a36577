import http from 'node:http';
import {
  UPSTREAM_BODY_MARKER,
  clearFault,
  controlUrl,
  getStats,
  liveNumbersUrl,
  managedIdentityToken,
  registerTenant,
  setFault,
  uniqueTenantId,
  type FaultSpec,
  type NumberRecord,
} from '../support/sandboxControl';

let token: string;
beforeAll(async () => {
  token = await managedIdentityToken();
});

/** A registered tenant with `count` records and the fault armed on it. */
async function tenantWithFault(spec: FaultSpec, count = 5): Promise<string> {
  const tenantId = uniqueTenantId();
  await registerTenant(tenantId, { count });
  await setFault(tenantId, spec);
  return tenantId;
}

function call(tenantId: string, init: RequestInit = {}): Promise<Response> {
  return fetch(liveNumbersUrl(tenantId), { ...init, headers: { Authorization: `Bearer ${token}` } });
}

/** Raw http GET, for faults that break the connection (fetch hides the details). */
function rawGet(tenantId: string, timeoutMs = 5000): Promise<{ status?: number; received: number; error?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    let status: number | undefined;
    let received = 0;
    const request = http.get(liveNumbersUrl(tenantId), { headers: { Authorization: `Bearer ${token}` } }, (response) => {
      status = response.statusCode;
      response.on('data', (chunk: Buffer) => (received += chunk.length));
      response.on('end', () => resolve({ status, received }));
      response.on('error', (error) => resolve({ status, received, error }));
    });
    request.setTimeout(timeoutMs, () => request.destroy(new Error('client timeout')));
    request.on('error', (error) => resolve({ status, received, error }));
  });
}

describe('sandbox faults: error statuses', () => {
  it.each(['500', '503', '401', '403', '404'] as const)('answers %s with a JSON body carrying the leak marker', async (fault) => {
    const tenantId = await tenantWithFault({ fault });
    const response = await call(tenantId);
    expect(response.status).toBe(Number(fault));
    expect(await response.json()).toMatchObject({ sandboxMarker: UPSTREAM_BODY_MARKER });
  });

  it('answers 429 with Retry-After when retryAfterSeconds is given, and without it otherwise', async () => {
    const withHeader = await call(await tenantWithFault({ fault: '429', retryAfterSeconds: 7 }));
    const without = await call(await tenantWithFault({ fault: '429' }));
    expect(withHeader.status).toBe(429);
    expect(withHeader.headers.get('retry-after')).toBe('7');
    expect(without.status).toBe(429);
    expect(without.headers.get('retry-after')).toBeNull();
  });

  it('applies for `times` calls only, then answers normally', async () => {
    const tenantId = await tenantWithFault({ fault: '503', times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await call(tenantId)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect((await getStats(tenantId)).calls).toBe(3);
  });

  it('applies until cleared when no `times` is given', async () => {
    const tenantId = await tenantWithFault({ fault: '500' });
    expect((await call(tenantId)).status).toBe(500);
    expect((await call(tenantId)).status).toBe(500);
    await clearFault(tenantId);
    expect((await call(tenantId)).status).toBe(200);
  });

  it('applies to a tenant that was never registered too', async () => {
    const tenantId = uniqueTenantId();
    await setFault(tenantId, { fault: '503', times: 1 });
    expect((await call(tenantId)).status).toBe(503);
    expect((await call(tenantId)).status).toBe(404);
  });

  it('refuses an unknown fault kind (400)', async () => {
    const response = await fetch(`${controlUrl()}/_sandbox/faults/${uniqueTenantId()}`, { method: 'PUT', body: JSON.stringify({ fault: 'explode' }) });
    expect(response.status).toBe(400);
  });
});

describe('sandbox faults: timing', () => {
  it('slow holds the answer for delayMs, then answers normally', async () => {
    const tenantId = await tenantWithFault({ fault: 'slow', delayMs: 400 }, 3);
    // Given up on before delayMs: no answer had come yet (a TimeoutError is the client's own abort).
    await expect(call(tenantId, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: 'TimeoutError' });
    const response = await call(tenantId);
    expect(response.status).toBe(200);
    expect((await response.json()) as unknown[]).toHaveLength(3);
  });

  it('hang never answers; the client has to give up', async () => {
    const tenantId = await tenantWithFault({ fault: 'hang' });
    // Ended by the client's own abort (TimeoutError), not by the sandbox closing the connection (TypeError: fetch failed).
    await expect(call(tenantId, { signal: AbortSignal.timeout(500) })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect((await getStats(tenantId)).calls).toBe(1);
  });
});

describe('sandbox faults: broken connections and bodies', () => {
  it('reset destroys the connection before any response', async () => {
    const result = await rawGet(await tenantWithFault({ fault: 'reset' }));
    expect(result.status).toBeUndefined();
    expect(result.error?.code).toBe('ECONNRESET');
  });

  it('resetMidBody sends 200 headers and part of the body, then drops the connection', async () => {
    const result = await rawGet(await tenantWithFault({ fault: 'resetMidBody' }, 50));
    expect(result.status).toBe(200);
    expect(result.received).toBeGreaterThan(0);
    expect(result.error).toBeDefined();
  });

  it('invalidJson answers 200 application/json that does not parse', async () => {
    const response = await call(await tenantWithFault({ fault: 'invalidJson' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    // SyntaxError from another realm (undici), so match by name rather than constructor.
    await expect(response.json()).rejects.toMatchObject({ name: 'SyntaxError' });
  });

  it('nonArray answers a JSON object that wraps the records', async () => {
    const response = await call(await tenantWithFault({ fault: 'nonArray' }, 4));
    const body = (await response.json()) as { value: unknown[] };
    expect(Array.isArray(body)).toBe(false);
    expect(body.value).toHaveLength(4);
  });

  it('oversized streams a valid JSON array of about `bytes` bytes without Content-Length', async () => {
    const bytes = 3 * 1024 * 1024;
    const response = await call(await tenantWithFault({ fault: 'oversized', bytes }));
    expect(response.headers.get('content-length')).toBeNull();
    const text = await response.text();
    expect(Math.abs(Buffer.byteLength(text) - bytes)).toBeLessThan(4096);
    const records = JSON.parse(text) as NumberRecord[];
    expect(new Set(records.map((r) => r['telephoneNumber'])).size).toBe(records.length);
  });

  it('oversized defaults to about 70 MiB', async () => {
    const response = await call(await tenantWithFault({ fault: 'oversized' }));
    let received = 0;
    const reader = response.body?.getReader();
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      received += chunk.value.length;
    }
    expect(received).toBeGreaterThanOrEqual(70 * 1024 * 1024 - 4096);
    expect(received).toBeLessThan(70 * 1024 * 1024 + 4096);
  });
});

describe('sandbox faults: redirect and drift', () => {
  it('redirect answers 302 to another sandbox URL, and a client that follows it shows up in the stats', async () => {
    const tenantId = await tenantWithFault({ fault: 'redirect', times: 1 }, 2);
    const manual = await call(tenantId, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    const location = manual.headers.get('location') ?? '';
    expect(location.startsWith(controlUrl())).toBe(true);
    expect((await getStats(tenantId)).redirectsFollowed).toBe(0);

    await setFault(tenantId, { fault: 'redirect', times: 1 });
    const followed = await call(tenantId);
    expect(followed.status).toBe(200);
    expect((await getStats(tenantId)).redirectsFollowed).toBe(1);
  });

  it('drift adds unknown fields, one of which changes type between records', async () => {
    const tenantId = await tenantWithFault({ fault: 'drift' }, 4);
    const records = (await (await call(tenantId)).json()) as NumberRecord[];
    expect(records).toHaveLength(4);
    expect(records.every((r) => 'numberPortabilityState' in r && 'carrierMetadata' in r && 'telephoneNumber' in r)).toBe(true);
    expect(new Set(records.map((r) => typeof r['ovocRevision']))).toEqual(new Set(['number', 'string']));
  });
});
