import { manualRunId } from '../../shared/snapshots/runIds';
import { useSettings } from '../support/appState';
import { invokeHttp, type InvokeResult } from '../support/invokeHttp';
import { walkNextLinks } from '../support/walkNextLinks';
import { uniqueTenantId, type NumberRecord } from '../support/sandboxControl';
import { deliver } from '../snapshots/support/queueDelivery';
import { generatedTenant, setRecords } from '../snapshots/support/sandboxTenants';

/**
 * listChanges and pollChanges through the registered functions, over the suite's Azurite (its feed
 * holds other test files' runs too: these tests follow their own tenants by the msTenantId filter).
 */

interface FeedChange {
  changeId: string;
  msTenantId: string;
  telephoneNumber: string;
  changeType: string;
  runId: string;
  detectedAt: string;
}
interface FeedPage {
  value: FeedChange[];
  cursor: string;
  nextLink?: string;
}

const relative = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname.replace(/^\/api\//, '')}${parsed.search}`;
};
const listChanges = (query: string) => invokeHttp('listChanges', `changes?${query}`);
const poll = (pathAndQuery: string) => invokeHttp('pollChanges', pathAndQuery);

const snapshot = async (msTenantId: string) => {
  const runId = manualRunId(Date.now());
  await deliver({ runId, msTenantId, channelId: null, requestedAt: new Date().toISOString() });
  return runId;
};

let tenant: string;
let records: NumberRecord[];

beforeAll(async () => {
  useSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000' });
  ({ msTenantId: tenant, records } = await generatedTenant('legacy', 12));
  await snapshot(tenant);
  await setRecords(tenant, [...records.slice(0, 3).map((r) => ({ ...r, locationId: 'moved' })), ...records.slice(3, 11)]);
  await snapshot(tenant);
});

beforeEach(() => useSettings());

describe('listChanges', () => {
  test("walks a tenant's changes oldest first, in pages, and ends caught up with a cursor that resumes there", async () => {
    const pages = await walkNextLinks<FeedPage>('listChanges', `changes?msTenantId=${tenant.toUpperCase()}&top=5`);
    const changes = pages.flatMap((page) => page.value);
    // 12 added, then 3 changed and 1 released.
    expect(changes).toHaveLength(16);
    expect(changes.slice(0, 12).every((change) => change.changeType === 'added')).toBe(true);
    expect(
      changes
        .slice(12)
        .map((c) => c.changeType)
        .sort(),
    ).toEqual(['changed', 'changed', 'changed', 'released']);
    expect(new Set(changes.map((change) => change.changeId)).size).toBe(16);
    expect(changes.every((change) => change.msTenantId === tenant)).toBe(true);
    expect(pages.slice(0, -1).every((page) => page.nextLink !== undefined)).toBe(true);
    expect(pages.at(-1)!.nextLink).toBeUndefined();

    // A new change after the reader caught up: exactly that one, from the last cursor.
    const caughtUp = pages.at(-1)!.cursor;
    await setRecords(tenant, records.slice(3, 11));
    await snapshot(tenant);
    const after = await listChanges(`cursor=${caughtUp}&msTenantId=${tenant}`);
    expect(after.status).toBe(200);
    const page = after.json<FeedPage>();
    expect(page.value.map((change) => [change.changeType, change.telephoneNumber])).toEqual(
      records
        .slice(0, 3)
        .map((r) => ['released', r.telephoneNumber])
        .sort(),
    );
    expect(page.nextLink).toBeUndefined();
    expect((await listChanges(`cursor=${page.cursor}&msTenantId=${tenant}`)).json<FeedPage>().value).toEqual([]);
  });

  test('filters by change type and starts at since', async () => {
    const released = (await listChanges(`msTenantId=${tenant}&changeType=released`)).json<FeedPage>();
    expect(released.value.length).toBeGreaterThan(0);
    expect(released.value.every((change) => change.changeType === 'released')).toBe(true);
    const future = await listChanges(`since=${new Date(Date.now() + 3600_000).toISOString()}&msTenantId=${tenant}`);
    expect(future.json<FeedPage>().value).toEqual([]);
  });

  test('refuses a forged cursor, cursor with since, and a tenant outside ALLOWED_TENANTS; hides the others', async () => {
    const forged = await listChanges('cursor=eyJ2IjoxLCJzIjotMX0');
    expect(forged.status).toBe(400);
    expect(forged.json<{ errors: { parameter: string }[] }>().errors[0]!.parameter).toBe('cursor');
    const first = (await listChanges(`msTenantId=${tenant}&top=1`)).json<FeedPage>();
    expect((await listChanges(`cursor=${first.cursor}&since=2026-01-01T00:00:00Z`)).status).toBe(400);

    const other = uniqueTenantId();
    useSettings({ ALLOWED_TENANTS: other });
    expect((await listChanges(`msTenantId=${tenant}`)).status).toBe(403);
    const visible = await walkNextLinks<FeedPage>('listChanges', 'changes?top=1000');
    expect(visible.flatMap((page) => page.value).filter((change) => change.msTenantId === tenant)).toEqual([]);
  });
});

describe('pollChanges (the "When numbers change" trigger)', () => {
  const expectWait = (response: InvokeResult, seconds: string) => {
    expect(response.status).toBe(202);
    expect(response.body).toBe('');
    expect(response.headers.get('retry-after')).toBe(seconds);
    const location = response.headers.get('location')!;
    expect(new URL(location).searchParams.get('triggerState')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(new URL(location).searchParams.has('code')).toBe(false);
    return location;
  };

  test('202 with Location and Retry-After until something changes, then 200 with the changes and the next Location', async () => {
    useSettings({ CHANGES_POLL_SECONDS: '7', LIVE_PLATFORM_RATE_LIMIT: '1000' });
    const { msTenantId, records: numbers } = await generatedTenant('modern', 5);
    const filters = `msTenantId=${msTenantId}&changeType=released`;
    // The first poll starts at the head: nothing of the past fires the flow.
    await snapshot(msTenantId);
    const first = expectWait(await poll(`changes/poll?${filters}`), '7');
    expect(new URL(first).searchParams.get('msTenantId')).toBe(msTenantId);
    const idle = expectWait(await poll(relative(first)), '7');

    // Two numbers released and one changed: the trigger fires with the releases only.
    await setRecords(msTenantId, [{ ...numbers[0]!, locationId: 'moved' }, ...numbers.slice(1, 3)]);
    await snapshot(msTenantId);
    const fired = await poll(relative(idle));
    expect(fired.status).toBe(200);
    expect(fired.headers.get('retry-after')).toBeNull();
    const batch = fired.json<{ value: FeedChange[] }>();
    expect(batch.value.map((change) => [change.changeType, change.telephoneNumber])).toEqual(
      numbers
        .slice(3)
        .map((r) => ['released', r.telephoneNumber])
        .sort(),
    );
    const next = fired.headers.get('location')!;
    expect(new URL(next).searchParams.get('changeType')).toBe('released');

    // The same changes never fire twice.
    expectWait(await poll(relative(next)), '7');
    expectWait(await poll(relative(next)), '7');
  });

  test('refuses a forged triggerState and a tenant outside ALLOWED_TENANTS', async () => {
    expect((await poll('changes/poll?triggerState=bm90LWEtc3RhdGU')).status).toBe(400);
    useSettings({ ALLOWED_TENANTS: uniqueTenantId() });
    expect((await poll(`changes/poll?msTenantId=${tenant}`)).status).toBe(403);
  });
});
