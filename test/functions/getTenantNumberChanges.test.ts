import { readChangesPage } from '../../shared/snapshots/readChanges';
import { manualRunId } from '../../shared/snapshots/runIds';
import { appSnapshotTables } from '../../shared/storage/snapshotTables';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { walkNextLinks } from '../support/walkNextLinks';
import { uniqueTenantId, type NumberRecord } from '../support/sandboxControl';
import { deliver } from '../snapshots/support/queueDelivery';
import { generatedTenant, setRecords } from '../snapshots/support/sandboxTenants';

interface ChangeView {
  telephoneNumber: string;
  changeType: string;
  changedFields: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  runId: string;
  detectedAt: string;
}
interface ChangeList {
  msTenantId: string;
  count: number;
  value: ChangeView[];
  nextLink?: string;
}

const changesOf = (tenant: string, query = '') =>
  invokeHttp('getTenantNumberChanges', `tenants/${tenant}/changes${query ? `?${query}` : ''}`, { params: { msTenantId: tenant } });

async function walk(tenant: string, query: string): Promise<{ pages: ChangeList[]; rows: ChangeView[] }> {
  const pages = await walkNextLinks<ChangeList>('getTenantNumberChanges', `tenants/${tenant}/changes?${query}`, { msTenantId: tenant });
  return { pages, rows: pages.flatMap((page) => page.value) };
}

const snapshot = async (msTenantId: string) => {
  const runId = manualRunId(Date.now());
  await deliver({ runId, msTenantId, channelId: null, requestedAt: new Date().toISOString() });
  return runId;
};

let tenant: string;
let records: NumberRecord[];
let firstRun: string;
let secondRun: string;
let secondStarted: Date;

beforeAll(async () => {
  useSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000' });
  ({ msTenantId: tenant, records } = await generatedTenant('legacy', 12));
  firstRun = await snapshot(tenant);
  await new Promise((resolve) => setTimeout(resolve, 20));
  secondStarted = new Date();
  await setRecords(tenant, [...records.slice(0, 3).map((r) => ({ ...r, locationId: 'moved' })), ...records.slice(3, 11)]);
  secondRun = await snapshot(tenant);
});

beforeEach(() => useSettings());

describe('getTenantNumberChanges', () => {
  test('lists every change newest first with changedFields, before and after', async () => {
    const response = await changesOf(tenant.toUpperCase());
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBeTruthy();
    const body = response.json<ChangeList>();
    expect(body.msTenantId).toBe(tenant);
    expect(body.count).toBe(16);
    expect(body.nextLink).toBeUndefined();
    expect(body.value.slice(0, 4).every((change) => change.runId === secondRun)).toBe(true);
    expect(body.value.slice(4).every((change) => change.runId === firstRun && change.changeType === 'added')).toBe(true);
    const times = body.value.map((change) => Date.parse(change.detectedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const moved = body.value.find((change) => change.changeType === 'changed');
    expect(moved).toMatchObject({ changedFields: ['locationId'], after: { locationId: 'moved' } });
    expect(moved?.before?.['locationId']).toBe(records[0]?.['locationId']);
    expect(body.value.find((change) => change.changeType === 'released')).toMatchObject({ after: null, telephoneNumber: records[11]?.['telephoneNumber'] });
  });

  test('walking nextLink yields every change exactly once, filters kept and without the function key', async () => {
    const { pages, rows } = await walk(tenant, 'top=5&code=secret-key');
    expect(pages.map((page) => page.count)).toEqual([5, 5, 5, 1]);
    expect(rows).toHaveLength(16);
    expect(new Set(rows.map((row) => `${row.runId} ${row.telephoneNumber}`)).size).toBe(16);

    const added = await walk(tenant, 'changeType=added&top=4');
    expect(added.rows).toHaveLength(12);
    expect(added.rows.every((row) => row.changeType === 'added')).toBe(true);
  });

  test('filters by changeType, telephoneNumber (with or without +), since and until', async () => {
    const number = String(records[0]?.['telephoneNumber']);
    const byNumber = (await changesOf(tenant, `telephoneNumber=${encodeURIComponent(number)}`)).json<ChangeList>();
    expect(byNumber.value.map((change) => change.changeType)).toEqual(['changed', 'added']);
    expect((await changesOf(tenant, `telephoneNumber=${number.slice(1)}`)).json<ChangeList>().count).toBe(2);
    // Typed into a browser or flow without encoding, '+' arrives as a space.
    expect((await changesOf(tenant, `telephoneNumber=${number}`)).json<ChangeList>().count).toBe(2);

    expect((await changesOf(tenant, 'changeType=released')).json<ChangeList>().count).toBe(1);
    const since = (await changesOf(tenant, `since=${encodeURIComponent(secondStarted.toISOString())}`)).json<ChangeList>();
    expect(since.value.map((change) => change.runId)).toEqual(Array(4).fill(secondRun));
    const until = (await changesOf(tenant, `until=${encodeURIComponent(secondStarted.toISOString())}`)).json<ChangeList>();
    expect(until.count).toBe(12);
    expect(until.value.every((change) => change.runId === firstRun)).toBe(true);
    // An offset other than Z means the same instant.
    const offset = secondStarted.toISOString().replace('Z', '+00:00');
    expect((await changesOf(tenant, `since=${encodeURIComponent(offset)}`)).json<ChangeList>().count).toBe(4);
    expect((await changesOf(tenant, `since=${offset}`)).json<ChangeList>().count).toBe(4);
  });

  test('a tenant that was never snapshotted has no changes', async () => {
    const body = (await changesOf(uniqueTenantId())).json<ChangeList>();
    expect(body).toMatchObject({ count: 0, value: [] });
  });

  test.each([
    ['changeType', "added' or changeType ne 'x"],
    ['telephoneNumber', "+14255550100' or PartitionKey ne '"],
    ['since', "2026-01-01T00:00:00Z' or '1' eq '1"],
    ['until', '2026-02-30T00:00:00Z'],
    ['top', '1001'],
    ['continuation', 'not a token!'],
  ])('refuses a %s that could widen the query (400)', async (name, value) => {
    const response = await changesOf(tenant, `${name}=${encodeURIComponent(value)}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.json<{ errors: { parameter: string }[] }>().errors[0]?.parameter).toBe(name);
  });

  test('refuses a forged continuation, or one issued for another tenant', async () => {
    const first = (await changesOf(tenant, 'top=2')).json<ChangeList>();
    const token = new URL(first.nextLink ?? '').searchParams.get('continuation') ?? '';
    const other = uniqueTenantId();
    expect((await changesOf(other, `continuation=${token}`)).status).toBe(400);
    const forged = Buffer.from(JSON.stringify({ scope: `changes:${tenant}`, nextPartitionKey: 1 })).toString('base64url');
    expect((await changesOf(tenant, `continuation=${forged}`)).status).toBe(400);
    expect((await changesOf(tenant, `continuation=${token}`)).status).toBe(200);
  });

  test.each(["x' or PartitionKey ne 'x", '00000000-0000-0000-0000-000000000000%27', '..%2F..%2Ftenants'])('refuses %s as a tenant id (400)', async (id) => {
    const response = await invokeHttp('getTenantNumberChanges', `tenants/${encodeURIComponent(id)}/changes`, { params: { msTenantId: id } });
    expect(response.status).toBe(400);
  });

  test('a quote in a value reaching the table query is matched literally, never widening it', async () => {
    const page = await readChangesPage(appSnapshotTables().changes, {
      msTenantId: tenant,
      telephoneNumber: "' or RowKey ne '",
      changeType: "added' or 'a' eq 'a" as never,
      top: 100,
    });
    expect(page.changes).toEqual([]);
    const otherTenant = await readChangesPage(appSnapshotTables().changes, { msTenantId: `${uniqueTenantId()}' or PartitionKey ne '`, top: 100 });
    expect(otherTenant.changes).toEqual([]);
  });
});
