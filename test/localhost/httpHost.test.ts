import type { Server } from 'node:http';
import { HttpResponse } from '@azure/functions';
import type { RecordedFunction } from '../../localhost/functionsCore';
import type { HostLog } from '../../localhost/hostLog';
import { createHttpHost, httpRoutes, listen, matchRoute } from '../../localhost/httpHost';
import { LEGACY_TENANT_ID } from '../../sandbox/tenants';
import { loadFunctionApp } from '../support/loadFunctionApp';

const key = 'local-host-test-key-4f2a9c1d7e3b5a60';
const logged: string[] = [];
const log: HostLog = {
  info: (message) => logged.push(message),
  warn: (message) => logged.push(message),
  error: (message) => logged.push(message),
  invocation: (name, id, level, message) => logged.push(`[${name} ${id}] ${level}: ${message}`),
};

/** Functions of this test only, registered the way @azure/functions records them, beside the app's. */
function testFunction(name: string, route: string, handler: RecordedFunction['handler'], authLevel = 'anonymous'): RecordedFunction {
  return { metadata: { name, bindings: { req: { type: 'httpTrigger', direction: 'in', route, methods: ['GET'], authLevel } } }, handler };
}

async function* chunks(): AsyncIterable<Uint8Array> {
  for (let index = 0; index < 3; index++) {
    await new Promise((resolve) => setImmediate(resolve));
    yield Buffer.from(`line ${index}\n`);
  }
}

const extra = [
  testFunction('streamed', 'test/streamed', async () => ({ status: 200, headers: { 'content-type': 'application/x-ndjson' }, body: chunks() })),
  testFunction(
    'responseObject',
    'test/response',
    async () => new HttpResponse({ status: 201, jsonBody: { made: true }, cookies: [{ name: 'a', value: 'b', httpOnly: true }] }),
  ),
  testFunction('throws', 'test/throws', async () => {
    throw new Error('handler broke');
  }),
  testFunction('admin', 'test/admin', async () => ({ body: 'admin' }), 'admin'),
  testFunction('slow', 'test/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { body: 'late' };
  }),
];

let server: Server;
let base: string;
const routes = httpRoutes([...loadFunctionApp().values(), ...extra]);

beforeAll(async () => {
  server = createHttpHost({ routes, routePrefix: 'api', functionKey: key, log, corsOrigins: ['https://allowed.example'], functionTimeoutMs: 100 });
  const port = await listen(server, 0);
  base = `http://127.0.0.1:${port}/api`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the built-in local host: HTTP', () => {
  it('routes by the registrations: route template, method, under the route prefix', () => {
    expect(matchRoute(routes, 'api', `/api/tenants/${LEGACY_TENANT_ID}/numbers/%2B1`, 'GET')).toMatchObject({
      route: { fn: { metadata: { name: 'getTenantNumber' } } },
      params: { msTenantId: LEGACY_TENANT_ID, telephoneNumber: '+1' },
    });
    expect(matchRoute(routes, 'api', `/api/tenants/${LEGACY_TENANT_ID}/snapshots`, 'POST')?.route.fn.metadata.name).toBe('requestTenantSnapshot');
    expect(matchRoute(routes, 'api', `/api/tenants/${LEGACY_TENANT_ID}/snapshots`, 'GET')).toBeUndefined();
    expect(matchRoute(routes, 'api', '/health', 'GET')).toBeUndefined();
  });

  it('opens anonymous routes without a key', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('answers 401 on a function route without the key or with a wrong one', async () => {
    expect((await fetch(`${base}/tenants/${LEGACY_TENANT_ID}/numbers?top=1`)).status).toBe(401);
    expect((await fetch(`${base}/tenants/${LEGACY_TENANT_ID}/numbers?top=1`, { headers: { 'x-functions-key': `${key}x` } })).status).toBe(401);
    expect((await fetch(`${base}/tenants/${LEGACY_TENANT_ID}/numbers?top=1&code=wrong`)).status).toBe(401);
  });

  it('accepts the key as the x-functions-key header or the code query parameter, and passes the route parameters', async () => {
    const byHeader = await fetch(`${base}/tenants/${LEGACY_TENANT_ID}/numbers?top=1`, { headers: { 'x-functions-key': key } });
    expect(byHeader.status).toBe(200);
    expect(await byHeader.json()).toMatchObject({ msTenantId: LEGACY_TENANT_ID, count: 1 });
    const byCode = await fetch(`${base}/tenants/${LEGACY_TENANT_ID}/numbers?top=1&code=${key}`);
    expect(byCode.status).toBe(200);
  });

  it('needs the key on admin routes too (it stands for the master key)', async () => {
    expect((await fetch(`${base}/test/admin`)).status).toBe(401);
    expect(await (await fetch(`${base}/test/admin`, { headers: { 'x-functions-key': key } })).text()).toBe('admin');
  });

  it('answers 404 for a path no function has', async () => {
    expect((await fetch(`${base}/no/such/route`)).status).toBe(404);
  });

  it('streams a body the handler produces as an async iterable', async () => {
    const response = await fetch(`${base}/test/streamed`);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(await response.text()).toBe('line 0\nline 1\nline 2\n');
  });

  it('sends an HttpResponse object with its JSON body and cookies', async () => {
    const response = await fetch(`${base}/test/response`);
    expect(response.status).toBe(201);
    expect(response.headers.get('set-cookie')).toBe('a=b; HttpOnly');
    expect(await response.json()).toEqual({ made: true });
  });

  it('answers 500 with no body when a handler throws, and logs the failure with the invocation id', async () => {
    const response = await fetch(`${base}/test/throws`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('');
    const failure = logged.find((line) => line.startsWith('[throws ') && line.includes('handler broke'));
    const id = /^\[throws ([0-9a-f-]{36})\]/.exec(failure ?? '')?.[1];
    expect(id).toBeDefined();
    expect(logged).toContainEqual(expect.stringContaining(`Executed 'Functions.throws' (Failed, Id=${id}`));
  });

  it('applies Host.CORS: the allowed origin gets the header and its preflight, another origin does not', async () => {
    const allowed = await fetch(`${base}/health`, { headers: { origin: 'https://allowed.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://allowed.example');
    const preflight = await fetch(`${base}/tenants/${LEGACY_TENANT_ID}/numbers`, {
      method: 'OPTIONS',
      headers: { origin: 'https://allowed.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-functions-key' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('x-functions-key');
    const other = await fetch(`${base}/health`, { headers: { origin: 'https://other.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('logs an invocation that runs past functionTimeout, with its invocation id', async () => {
    expect(await (await fetch(`${base}/test/slow`)).text()).toBe('late');
    expect(logged).toContainEqual(expect.stringMatching(/^\[slow [0-9a-f-]{36}\] warning: Still running after host.json functionTimeout \(100 ms\)/));
  });

  it('never writes the key into its log', () => {
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toContain(key);
  });
});
