import { randomUUID } from 'node:crypto';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { readSettings } from '../../shared/config/settings';
import { batchesOf, changeEvent } from '../../shared/events/changeEvents';
import { eventGridPublisher } from '../../shared/events/eventGridPublisher';
import { publishChangeEvents, readEventsCursor, type EventPublisher } from '../../shared/events/publishChangeEvents';
import { readFeed } from '../../shared/feed/readFeed';
import { feedItemBody } from '../../shared/feed/feedItemBody';
import { processSnapshotMessage } from '../../shared/snapshots/processSnapshotMessage';
import { manualRunId } from '../../shared/snapshots/runIds';
import type { FetchTenantNumbers } from '../../shared/snapshots/snapshotTenantNumbers';
import { ensureSnapshotTables, type SnapshotTables } from '../../shared/storage/snapshotTables';
import type { SnapshotTableRole } from '../../shared/storage/tableNames';
import { startAzurite, type AzuriteHandle } from '../support/azurite';
import { changeScenario } from '../snapshots/support/changeScenario';
import { collectingLogger, tablesOn } from '../snapshots/support/snapshotHarness';
import { clearPublishFaults, eventGridEndpoint, failPublishes, receivedEvents, type ReceivedEvent } from './eventGridSupport';

/**
 * Change events through the real EventGridPublisherClient, with the app's managed identity (the
 * sandbox's endpoint), to the sandbox's Event Grid stand-in, which checks the token's audience
 * and the CloudEvents shape. Its own Azurite, so the feed (the outbox) holds only this file's runs.
 */

type Raw = Record<string, unknown>;
const upstream = new Map<string, Raw[]>();
const fetchFromMap: FetchTenantNumbers = async (msTenantId) => structuredClone(upstream.get(msTenantId) ?? []);

let azurite: AzuriteHandle;
let tables: SnapshotTables;

beforeAll(async () => {
  azurite = await startAzurite();
  tables = tablesOn(azurite.connectionString);
  await ensureSnapshotTables(tables);
}, 60_000);

afterAll(async () => {
  await clearPublishFaults();
  await azurite?.stop();
});

function publisherFor(allowed?: string[]): EventPublisher {
  const settings = readSettings({ ...process.env, EVENT_GRID_TOPIC_ENDPOINT: eventGridEndpoint(), ALLOWED_TENANTS: allowed?.join(',') ?? '' });
  const publisher = eventGridPublisher(settings, { PUBLIC_BASE_URL: 'https://ocnumbers.contoso.com' });
  if (!publisher) throw new Error('no publisher although EVENT_GRID_TOPIC_ENDPOINT is set');
  return publisher;
}

async function runTenant(on: SnapshotTables, msTenantId: string, events: EventPublisher) {
  const runId = manualRunId(Date.now());
  const deps = {
    tables: on,
    fetchTenantNumbers: fetchFromMap,
    schemaMode: 'report' as const,
    maxRemovalRatio: 0.9,
    log: collectingLogger(),
    leaseMs: 600,
    events,
  };
  return processSnapshotMessage(deps, { runId, msTenantId, channelId: null, requestedAt: new Date().toISOString() }, 1);
}

/** A tenant with 150 numbers, then 130 changes: one run, two commits' worth of events. */
async function twoRuns(msTenantId: string, events: EventPublisher) {
  const { before, after } = changeScenario(msTenantId);
  upstream.set(msTenantId, before);
  const first = await runTenant(tables, msTenantId, events);
  upstream.set(msTenantId, after);
  const second = await runTenant(tables, msTenantId, events);
  return { first, second };
}

async function committedItems(msTenantId: string) {
  const page = await readFeed(tables, { from: { sequence: 0 }, includesTenant: (t) => t === msTenantId, top: 1000 });
  return page.items;
}

const ofTenant = (events: ReceivedEvent[], msTenantId: string) => events.filter((event) => event.subject.startsWith(`tenants/${msTenantId}/`));

describe('change events', () => {
  test('every committed change is published once a run ends, as a CloudEvents 1.0 event whose id is the change id', async () => {
    const msTenantId = randomUUID();
    const { first, second } = await twoRuns(msTenantId, publisherFor());
    expect([first.eventsPublished, second.eventsPublished]).toEqual([150, 130]);
    expect(second.eventsError).toBeUndefined();

    const items = await committedItems(msTenantId);
    const events = ofTenant(await receivedEvents(), msTenantId);
    expect(events.map((event) => event.id)).toEqual(items.map((item) => item.changeId));
    const released = items.find((item) => item.change.changeType === 'released')!;
    expect(events.find((event) => event.id === released.changeId)).toEqual({
      specversion: '1.0',
      type: 'OcNumbers.NumberReleased',
      source: '/oc-numbers/ocnumbers.contoso.com',
      subject: `tenants/${msTenantId}/numbers/${released.change.telephoneNumber}`,
      id: released.changeId,
      time: released.change.detectedAt.toISOString(),
      datacontenttype: 'application/json',
      data: feedItemBody(released),
    });
  });

  test('a failing Event Grid never fails the snapshot: the run row says why, and a later run publishes the rest with the same ids', async () => {
    const msTenantId = randomUUID();
    const events = publisherFor();
    const { before, after } = changeScenario(msTenantId);
    upstream.set(msTenantId, before);
    await runTenant(tables, msTenantId, events);
    // Every publish of the next run fails (the SDK retries once).
    await failPublishes(2, 503);
    upstream.set(msTenantId, after);
    const failed = await runTenant(tables, msTenantId, events);
    expect(failed.status).toBe('succeeded');
    expect(failed.changed + failed.added + failed.released).toBe(130);
    expect(failed.eventsError).toBe('Event Grid answered 503 (SandboxFault)');
    expect((await readEventsCursor(tables.feed))?.entity.lastError).toBe('Event Grid answered 503 (SandboxFault)');

    // A run of another tenant, with nothing to say about this one, publishes what was left.
    const other = randomUUID();
    upstream.set(other, []);
    const later = await runTenant(tables, other, events);
    expect(later.eventsError).toBeUndefined();
    expect(later.eventsPublished).toBe(130);
    expect((await readEventsCursor(tables.feed))?.entity.lastError).toBeUndefined();
    const items = await committedItems(msTenantId);
    expect(ofTenant(await receivedEvents(), msTenantId).map((event) => event.id)).toEqual(items.map((item) => item.changeId));
  });

  test('storage failing after Event Grid accepted a batch: the next attempt sends it again with the same ids (at least once)', async () => {
    const msTenantId = randomUUID();
    const events = publisherFor();
    const { before } = changeScenario(msTenantId);
    // Commit the changes without publishing them.
    upstream.set(msTenantId, before);
    const quiet: EventPublisher = { ...events, includesTenant: () => false };
    await runTenant(tables, msTenantId, { ...quiet });
    const cursorBefore = (await readEventsCursor(tables.feed))!.entity;
    // Rewind the cursor so this tenant's commit is ahead of it again.
    const items = await committedItems(msTenantId);
    await tables.feed.updateEntity({ ...cursorBefore, sequence: items[0]!.sequence - 1, after: undefined }, 'Replace');

    // Cursor writes of this publisher fail: every batch Event Grid accepts stays unconfirmed.
    let cursorWrites = 0;
    const failingFeed = tablesOn(azurite.connectionString, (role: SnapshotTableRole) => {
      const policy: PipelinePolicy = {
        name: 'fail-cursor-writes',
        async sendRequest(request, next) {
          if (role === 'feed' && request.method !== 'GET' && request.url.includes("RowKey='events'") && ++cursorWrites > 1)
            throw Object.assign(new Error('storage unavailable'), { name: 'RestError', statusCode: 503 });
          return next(request);
        },
      };
      return { additionalPolicies: [{ policy, position: 'perCall' as const }], retryOptions: { maxRetries: 0 } };
    });
    const crashed = await publishChangeEvents(failingFeed, events, { owner: 'crashing', log: collectingLogger(), leaseMs: 300 });
    expect(crashed.error).toBe('Table Storage unavailable (RestError 503)');
    expect(ofTenant(await receivedEvents(), msTenantId)).toHaveLength(150);

    await new Promise((resolve) => setTimeout(resolve, 400));
    const retried = await publishChangeEvents(tables, events, { owner: 'next', log: collectingLogger() });
    expect(retried.error).toBeUndefined();
    const received = ofTenant(await receivedEvents(), msTenantId).map((event) => event.id);
    expect(received).toHaveLength(300);
    expect(new Set(received)).toEqual(new Set(items.map((item) => item.changeId)));
  });

  test('a tenant outside ALLOWED_TENANTS is never published', async () => {
    const allowed = randomUUID();
    const hidden = randomUUID();
    const events = publisherFor([allowed]);
    for (const msTenantId of [hidden, allowed]) {
      upstream.set(msTenantId, changeScenario(msTenantId).before.slice(0, 3));
      await runTenant(tables, msTenantId, events);
    }
    const received = await receivedEvents();
    expect(ofTenant(received, allowed)).toHaveLength(3);
    expect(ofTenant(received, hidden)).toHaveLength(0);
  });

  test('publish requests stay within Event Grid’s 1 MB, in order', async () => {
    const msTenantId = randomUUID();
    upstream.set(msTenantId, changeScenario(msTenantId).before);
    await runTenant(tables, msTenantId, { ...publisherFor(), includesTenant: () => false });
    const entries = (await committedItems(msTenantId)).map((item) => ({ event: changeEvent(item, '/oc-numbers/test') }));
    const size = Buffer.byteLength(JSON.stringify(entries[0]!.event));
    const batches = batchesOf(entries, size * 10 + 2000);
    expect(batches.length).toBeGreaterThan(10);
    expect(batches.flat()).toEqual(entries);
    for (const batch of batchesOf(entries)) expect(Buffer.byteLength(JSON.stringify(batch.map((entry) => entry.event)))).toBeLessThan(1024 * 1024);
  });
});
