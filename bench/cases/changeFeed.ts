import { readFile } from 'node:fs/promises';
import tls from 'node:tls';
import { readSettings } from '../../shared/config/settings';
import { eventGridPublisher } from '../../shared/events/eventGridPublisher';
import { publishChangeEvents, type EventPublisher } from '../../shared/events/publishChangeEvents';
import { commitRowKey, feedPartition, type FeedCommitEntity } from '../../shared/feed/feedRows';
import { readFeed, type FeedItem } from '../../shared/feed/readFeed';
import type { FeedPosition } from '../../shared/feed/feedPosition';
import type { Logger } from '../../shared/logging/logger';
import { manualRunId } from '../../shared/snapshots/runIds';
import { snapshotTenantNumbers } from '../../shared/snapshots/snapshotTenantNumbers';
import { listAllEntities } from '../../shared/storage/listAllEntities';
import type { SnapshotTables } from '../../shared/storage/snapshotTables';
import { scenarioRecord } from '../../test/snapshots/support/changeScenario';
import { withFreshStorage } from '../support/freshStorage';
import { formatCount, formatMs, formatRatio, type ResultRow } from '../support/resultRow';
import { compare } from '../support/timing';

export interface ChangeFeedPlan {
  tenants: number;
  numbersPerTenant: number;
}

export interface EventGridEndpoints {
  eventGridEndpoint: string;
  caCertPath: string;
}

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The sandbox's https servers (Event Grid stand-in) use its own CA; NODE_EXTRA_CA_CERTS is read at start only. */
async function trustSandboxCa(caCertPath: string): Promise<void> {
  const pem = await readFile(caCertPath, 'utf8');
  const original = tls.createSecureContext;
  tls.createSecureContext = (options?: tls.SecureContextOptions) => {
    const context = original(options);
    if (options?.ca === undefined) (context.context as { addCACert(cert: string): void }).addCACert(pem);
    return context;
  };
}

async function walkFeed(tables: SnapshotTables): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  let from: FeedPosition = { sequence: 0 };
  for (;;) {
    const page = await readFeed(tables, { from, includesTenant: () => true, top: 1000 });
    items.push(...page.items);
    from = page.position;
    if (!page.more) return items;
  }
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/**
 * The change feed: read throughput (every change of every tenant, walked with its cursor, top 1000)
 * against a bare scan of the same ocNumberChanges rows; and publish lag, from a change's commit
 * (its commit row's committedAt) to Event Grid's acceptance (the sandbox stand-in on loopback, with
 * the real EventGridPublisherClient and managed-identity token), publishing after each tenant's run.
 */
export async function changeFeed(appEnv: Record<string, string>, endpoints: EventGridEndpoints, plan: ChangeFeedPlan): Promise<ResultRow[]> {
  await trustSandboxCa(endpoints.caCertPath);
  return withFreshStorage(async (tables) => {
    const settings = readSettings({ ...appEnv, EVENT_GRID_TOPIC_ENDPOINT: endpoints.eventGridEndpoint });
    const real = eventGridPublisher(settings)!;
    const acceptedAt = new Map<string, number>();
    const publisher: EventPublisher = {
      ...real,
      send: async (events) => {
        await real.send(events);
        const now = Date.now();
        for (const event of events) if (!acceptedAt.has(event.id)) acceptedAt.set(event.id, now);
      },
    };
    for (let t = 0; t < plan.tenants; t++) {
      const msTenantId = `00000000-0000-4000-8000-${String(t).padStart(12, '0')}`;
      const records = Array.from({ length: plan.numbersPerTenant }, (_, i) => scenarioRecord(msTenantId, i));
      const runId = manualRunId(Date.now());
      await snapshotTenantNumbers(
        { tables, fetchTenantNumbers: async () => records, schemaMode: 'report', maxRemovalRatio: 0.5, log: quiet },
        { runId, msTenantId, channelId: null, force: false, correlationId: runId },
      );
      const report = await publishChangeEvents(tables, publisher, { owner: `bench-${t}`, log: quiet });
      if (report.error) throw new Error(`publishing failed: ${report.error}`);
    }

    const items = await walkFeed(tables);
    const total = plan.tenants * plan.numbersPerTenant;
    if (items.length !== total) throw new Error(`the feed holds ${items.length} changes, not ${total}`);
    const committedAt = new Map<number, number>();
    for (const sequence of new Set(items.map((item) => item.sequence))) {
      committedAt.set(sequence, (await tables.feed.getEntity<FeedCommitEntity>(feedPartition, commitRowKey(sequence))).committedAt.getTime());
    }
    const lags = items.map((item) => (acceptedAt.get(item.changeId) ?? NaN) - committedAt.get(item.sequence)!).sort((a, b) => a - b);
    if (lags.some((lag) => Number.isNaN(lag))) throw new Error('a change was never published');

    const reads = await compare({
      warmups: 1,
      runs: 5,
      measured: () => walkFeed(tables),
      baseline: () => listAllEntities(tables.changes, {}),
    });
    const feedRate = total / (reads.measuredMs / 1000);
    const scanRate = total / (reads.baselineMs / 1000);
    const size = `${formatCount(total)} changes, ${plan.tenants} tenants`;
    return [
      {
        case: `change feed read, ${size}`,
        measured: `${Math.round(feedRate).toLocaleString('en')} changes/s (${formatMs(reads.measuredMs)})`,
        baseline: `${Math.round(scanRate).toLocaleString('en')} rows/s bare scan (${formatMs(reads.baselineMs)})`,
        ratio: formatRatio(feedRate / scanRate),
        target: 'reported',
        holds: null,
      },
      {
        case: `publish lag (commit → accepted), ${size}`,
        measured: `p50 ${formatMs(percentile(lags, 50))}, p99 ${formatMs(percentile(lags, 99))}`,
        baseline: 'Event Grid stand-in on loopback',
        ratio: '—',
        target: 'reported',
        holds: null,
      },
    ];
  });
}
