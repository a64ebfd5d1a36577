import { QueueClient } from '@azure/storage-queue';
import { routeCatalog } from '../../shared/api/routeCatalog';
import type { SnapshotRequestMessage } from '../../shared/snapshots/snapshotRequestMessage';
import { snapshotQueue } from '../../shared/storage/snapshotQueue';
import { apiDocuments } from '../../scripts/api/apiDocuments';
import { useSettings } from '../support/appState';
import { startAzurite, type AzuriteHandle } from '../support/azurite';
import { invokeHttp, type InvokeResult } from '../support/invokeHttp';
import { DRIFT_TENANT_ID, LEGACY_TENANT_ID, MODERN_TENANT_ID, registerTenant, setFault, uniqueTenantId } from '../support/sandboxControl';
import { decodeQueueText, deliver } from '../snapshots/support/queueDelivery';
import { documentValidator } from './support/documentValidator';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const openApi = apiDocuments().openApi as Json;
const compile = documentValidator(openApi);
/** The headers the documents describe; any of them in an answer must be documented for that answer. */
const describedHeaders = ['etag', 'retry-after', 'x-data-source', 'x-snapshot-age', 'x-correlation-id', 'x-schema-warnings', 'location'];

/** Checks a real answer of a function against what the OpenAPI document says that function answers. */
function expectDocumented(functionName: string, response: InvokeResult): void {
  const route = routeCatalog.find((candidate) => candidate.name === functionName);
  const answer = openApi['paths'][`/${route?.route}`]?.[String(route?.method).toLowerCase()]?.['responses']?.[String(response.status)] as Json | undefined;
  expect({ functionName, status: response.status, documented: answer !== undefined }).toEqual({ functionName, status: response.status, documented: true });

  const headers = Object.fromEntries(
    Object.keys(answer?.['headers'] ?? {}).map((name) => [name.toLowerCase(), openApi['components']['headers'][name]['schema'] as Json]),
  );
  for (const name of describedHeaders.filter((candidate) => response.headers.has(candidate))) {
    const schema = headers[name];
    const value = response.headers.get(name) as string;
    const valid = schema !== undefined && compile(schema)(schema['type'] === 'integer' ? Number(value) : value);
    expect({ functionName, status: response.status, header: name, value, valid }).toEqual({
      functionName,
      status: response.status,
      header: name,
      value,
      valid: true,
    });
  }

  if (response.body === '') {
    expect(answer?.['content']).toBeUndefined();
    return;
  }
  // A jsonBody answer gets its Content-Type from the @azure/functions response object, which the harness does not build.
  const contentType = response.headers.get('content-type')?.split(';')[0] ?? 'application/json';
  const schema = answer?.['content']?.[contentType]?.['schema'] as Json | undefined;
  expect({ functionName, status: response.status, contentType, documented: schema !== undefined }).toEqual({
    functionName,
    status: response.status,
    contentType,
    documented: true,
  });
  const validate = compile(schema as Json);
  const valid = validate(contentType === 'text/csv' ? response.body : JSON.parse(response.body));
  expect({ functionName, status: response.status, errors: valid ? null : validate.errors }).toEqual({ functionName, status: response.status, errors: null });
}

const numbers = (tenant: string, query = '', headers: Record<string, string> = {}) =>
  invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers${query}`, { params: { msTenantId: tenant }, headers });

describe('real answers match the documented response schemas', () => {
  beforeEach(() => useSettings({ LIVE_PLATFORM_RETRIES: '0' }));

  it.each([
    ['legacy', LEGACY_TENANT_ID],
    ['modern', MODERN_TENANT_ID],
    ['drift', DRIFT_TENANT_ID],
  ])('getTenantNumbers for the %s tenant, as JSON and CSV', async (_shape, tenant) => {
    const json = await numbers(tenant);
    expect(json.status).toBe(200);
    expectDocumented('getTenantNumbers', json);
    expectDocumented('getTenantNumbers', await numbers(tenant, '?format=csv'));
    expectDocumented('getTenantNumbers', await numbers(tenant, '?fields=telephoneNumber,sbcList&top=3'));
  });

  it('getTenantNumbers 304, 400, 404 and 502', async () => {
    const first = await numbers(MODERN_TENANT_ID);
    const notModified = await numbers(MODERN_TENANT_ID, '', { 'if-none-match': first.headers.get('etag') as string });
    expect(notModified.status).toBe(304);
    expectDocumented('getTenantNumbers', notModified);

    const invalid = await numbers(MODERN_TENANT_ID, '?top=0&colour=blue');
    expect(invalid.status).toBe(400);
    expectDocumented('getTenantNumbers', invalid);

    const unknown = await numbers(uniqueTenantId());
    expect(unknown.status).toBe(404);
    expectDocumented('getTenantNumbers', unknown);

    const rejected = uniqueTenantId();
    await registerTenant(rejected, { count: 2 });
    await setFault(rejected, { fault: '401' });
    const badGateway = await numbers(rejected);
    expect(badGateway.status).toBe(502);
    expectDocumented('getTenantNumbers', badGateway);
  });

  it('getTenantNumber, found and not found', async () => {
    const list = (await numbers(LEGACY_TENANT_ID, '?top=1')).json<{ value: { telephoneNumber: string }[] }>();
    const telephoneNumber = list.value[0]?.telephoneNumber as string;
    const one = (number: string) =>
      invokeHttp('getTenantNumber', `tenants/${LEGACY_TENANT_ID}/numbers/${encodeURIComponent(number)}`, {
        params: { msTenantId: LEGACY_TENANT_ID, telephoneNumber: number },
      });
    const found = await one(telephoneNumber);
    expect(found.status).toBe(200);
    expectDocumented('getTenantNumber', found);
    const missing = await one('+19995550000');
    expect(missing.status).toBe(404);
    expectDocumented('getTenantNumber', missing);
  });

  it('getOcNumbers, with records dropped', async () => {
    const response = await invokeHttp('getOcNumbers', `v2/oc/numbers?msTenantId=${DRIFT_TENANT_ID}`);
    expect(response.headers.get('x-schema-warnings')).toBe('2');
    expectDocumented('getOcNumbers', response);
  });

  it('health and healthDeep', async () => {
    expectDocumented('health', await invokeHttp('health', 'health'));
    const deep = await invokeHttp('healthDeep', 'health/deep');
    expect(deep.status).toBe(200);
    expectDocumented('healthDeep', deep);
    useSettings({ LIVE_PLATFORM_TIMEOUT_MS: 'not-a-number' });
    const degraded = await invokeHttp('healthDeep', 'health/deep');
    expect(degraded.status).toBe(503);
    expectDocumented('healthDeep', degraded);
  });
});

describe('real snapshot answers match the documented response schemas', () => {
  // Its own storage: the run listing is global, and the suite's queue is read by other tests.
  let azurite: AzuriteHandle;
  let queue: QueueClient;
  let tenant: string;
  let runId: string;
  let requested: InvokeResult;

  beforeAll(async () => {
    azurite = await startAzurite();
    queue = new QueueClient(azurite.connectionString, snapshotQueue.name);
    tenant = uniqueTenantId();
    await registerTenant(tenant, { shape: 'legacy', count: 5 });
    useSettings({ SnapshotStorage: azurite.connectionString, LIVE_PLATFORM_RATE_LIMIT: '1000' });
    requested = await invokeHttp('requestTenantSnapshot', `tenants/${tenant}/snapshots`, { method: 'POST', params: { msTenantId: tenant } });
    runId = requested.json<{ runId: string }>().runId;
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 1 });
    for (const item of receivedMessageItems) await deliver(decodeQueueText(item.messageText) as SnapshotRequestMessage);
  });

  afterAll(() => azurite?.stop());
  beforeEach(() => useSettings({ SnapshotStorage: azurite.connectionString, LIVE_PLATFORM_RATE_LIMIT: '1000' }));

  it('requestTenantSnapshot', () => {
    expect(requested.status).toBe(202);
    expectDocumented('requestTenantSnapshot', requested);
  });

  it('listSnapshotRuns, a page and one run', async () => {
    const page = await invokeHttp('listSnapshotRuns', 'snapshot-runs?top=5');
    expect(page.json<{ value: { status: string }[] }>().value[0]?.status).toBe('succeeded');
    expectDocumented('listSnapshotRuns', page);
    expectDocumented('listSnapshotRuns', await invokeHttp('listSnapshotRuns', `snapshot-runs?runId=${runId}`));
    expectDocumented('listSnapshotRuns', await invokeHttp('listSnapshotRuns', 'snapshot-runs?runId=0000000000000000-manual-000000'));
  });

  it('getTenantNumberChanges', async () => {
    const changes = await invokeHttp('getTenantNumberChanges', `tenants/${tenant}/changes?top=2`, { params: { msTenantId: tenant } });
    const page = changes.json<{ count: number; nextLink?: string }>();
    expect(page.count).toBe(2);
    expect(page.nextLink).toBeDefined();
    expectDocumented('getTenantNumberChanges', changes);
  });

  it('getTenantNumbers from the snapshot', async () => {
    const response = await numbers(tenant, '?source=snapshot');
    expect(response.headers.get('x-data-source')).toBe('snapshot');
    expectDocumented('getTenantNumbers', response);
  });
});
