import { eventsRowKey, type EventsCursorEntity } from '../../shared/events/publishChangeEvents';
import { feedPartition } from '../../shared/feed/feedRows';
import { appSnapshotTables, ensureSnapshotTables } from '../../shared/storage/snapshotTables';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { eventGridEndpoint } from './eventGridSupport';

type Check = { name: string; status: string; detail?: string };

/** healthDeep shows a failing publisher (the `events` row of the suite's ocChangeFeed, written here as a run would). */
describe('healthDeep and change events', () => {
  afterAll(async () => {
    await appSnapshotTables()
      .feed.deleteEntity(feedPartition, eventsRowKey)
      .catch(() => undefined);
  });

  test('no eventPublishing check without EVENT_GRID_TOPIC_ENDPOINT; with it, failed while the last publish failed', async () => {
    useSettings();
    const without = await invokeHttp('healthDeep', 'health/deep');
    expect(without.json<{ checks: Check[] }>().checks.map((check) => check.name)).not.toContain('eventPublishing');

    useSettings({ EVENT_GRID_TOPIC_ENDPOINT: eventGridEndpoint() });
    const tables = appSnapshotTables();
    await ensureSnapshotTables(tables);
    const row: EventsCursorEntity = {
      partitionKey: feedPartition,
      rowKey: eventsRowKey,
      kind: 'eventsCursor',
      sequence: 0,
      lastError: 'Event Grid answered 503 (ServiceUnavailable)',
      lastErrorAt: new Date('2026-11-30T10:00:00Z'),
    };
    await tables.feed.upsertEntity(row, 'Replace');
    const failing = await invokeHttp('healthDeep', 'health/deep');
    expect(failing.status).toBe(503);
    expect(failing.json<{ checks: Check[] }>().checks.find((check) => check.name === 'eventPublishing')).toMatchObject({
      status: 'failed',
      detail: 'change events not published since 2026-11-30T10:00:00.000Z: Event Grid answered 503 (ServiceUnavailable)',
    });

    const { lastError: _e, lastErrorAt: _at, ...recovered } = row;
    await tables.feed.upsertEntity(recovered, 'Replace');
    const healthy = await invokeHttp('healthDeep', 'health/deep');
    expect(healthy.status).toBe(200);
    expect(healthy.json<{ checks: Check[] }>().checks.find((check) => check.name === 'eventPublishing')?.status).toBe('ok');
  });
});
