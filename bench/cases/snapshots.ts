import { randomUUID } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import { InvocationContext } from '@azure/functions';
import { getSettings } from '../../shared/config/settings';
import { getLivePlatformClient } from '../../shared/live-platform/livePlatform';
import { normaliseRecords } from '../../shared/numbers/normaliseRecords';
import { outcomePartition, type OutcomeEntity } from '../../shared/snapshots/runRows';
import { manualRunId } from '../../shared/snapshots/runIds';
import { listAllEntities } from '../../shared/storage/listAllEntities';
import { ensureSnapshotTables, type SnapshotTables } from '../../shared/storage/snapshotTables';
import { transactionsInFlight } from '../../shared/storage/submitTransactions';
import { withFreshStorage } from '../support/freshStorage';
import { registeredHandler } from '../support/loadApp';
import { formatCount, formatMs, formatRatio, type ResultRow } from '../support/resultRow';
import { registerGeneratedTenant } from '../support/sandboxTenants';
import { firstSnapshotEntities, type SnapshotEntities } from '../support/snapshotEntities';
import { rowsWrittenSince, submitInBatches, tableRowsWrittenSince, upsertOneByOne } from '../support/tableWrites';
import { median, settle, timeMs } from '../support/timing';

type QueueHandler = (queueItem: unknown, context: InvocationContext) => Promise<void>;

export interface SnapshotPlan {
  /** Numbers in the tenant; Azurite slows down as a partition grows, so this is what fits the bench's time. */
  numbers: number;
  runs: number;
  /** Numbers written one by one for baseline (a), extrapolated to `numbers`. */
  sequentialSample: number;
  /** Round trip added to every table request (bench/support/latencyProxy.ts); 0 for bare loopback. */
  roundTripMs: number;
}

const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** One delivery of a snapshot request to the registered snapshotTenant queue function; returns its outcome row. */
async function deliverSnapshot(tables: SnapshotTables, msTenantId: string): Promise<OutcomeEntity> {
  const runId = manualRunId(Date.now());
  const message = { runId, msTenantId, channelId: null, requestedAt: new Date().toISOString(), correlationId: `bench-${runId}` };
  const context = new InvocationContext({
    functionName: 'snapshotTenant',
    invocationId: randomUUID(),
    triggerMetadata: { dequeueCount: 1 },
    logHandler: () => undefined,
  });
  await registeredHandler<QueueHandler>('snapshotTenant')(message, context);
  return tables.runs.getEntity<OutcomeEntity>(outcomePartition(runId), msTenantId);
}

async function entitiesFor(msTenantId: string, partitionKey: string): Promise<SnapshotEntities> {
  const upstream = await getLivePlatformClient(getSettings()).fetchTenantNumbers(msTenantId, { channelId: null, correlationId: 'bench', log: silentLog });
  return firstSnapshotEntities(normaliseRecords(upstream, 'report').records, partitionKey);
}

interface RoundResult {
  firstMs: number;
  rerunMs: number;
  firstWrites: number;
  rerunWrites: number;
  batchedMs: number;
  sequentialMs: number;
}

/** Rows of the tenant written since `since`: its partitions of ocNumbers and ocNumberChanges, and the index (the emulator holds no other tenant). */
async function writesSince(tables: SnapshotTables, msTenantId: string, since: Date): Promise<number> {
  return (
    (await rowsWrittenSince(tables.numbers, msTenantId, since)) +
    (await rowsWrittenSince(tables.changes, msTenantId, since)) +
    (await tableRowsWrittenSince(tables.index, since))
  );
}

/**
 * Where a first snapshot's time goes, on stderr: when each table's rows were written (their
 * Timestamps, as the emulator stamped them), in ms from the delivery's start, out of its total.
 */
async function writeSpans(tables: SnapshotTables, start: Date, totalMs: number, roundTripMs: number): Promise<void> {
  const span = async (table: TableClient) => {
    const rows = await listAllEntities<object>(table, { filter: odata`Timestamp ge ${start}`, select: ['Timestamp'] });
    const times = rows.map((row) => new Date((row as { timestamp?: string }).timestamp ?? 0).getTime() - start.getTime());
    return times.length ? `${Math.min(...times)}–${Math.max(...times)}` : '–';
  };
  const spans = [];
  for (const role of ['changes', 'numbers', 'index', 'feed'] as const) spans.push(`${role} ${await span(tables[role])}`);
  process.stderr.write(`[bench]   first snapshot (${roundTripMs} ms round trip) rows written at ms: ${spans.join(', ')}; done at ${Math.round(totalMs)}\n`);
}

/**
 * One round, each side on an empty emulator: first snapshot and unchanged rerun of a fresh tenant,
 * then baseline (b) with the same rows, then baseline (a) on a sample, extrapolated. Measuring all
 * three in every round keeps the ratios within minutes of each other on a machine whose speed drifts.
 */
async function round(liveBaseUrl: string, plan: SnapshotPlan): Promise<RoundResult> {
  const { numbers } = plan;
  const msTenantId = randomUUID();
  await registerGeneratedTenant(liveBaseUrl, msTenantId, numbers);
  const storage = { roundTripMs: plan.roundTripMs };
  const snapshot = await withFreshStorage(async (tables) => {
    await ensureSnapshotTables(tables);
    settle();
    const firstStart = new Date();
    let outcome: OutcomeEntity | undefined;
    const firstMs = await timeMs(async () => (outcome = await deliverSnapshot(tables, msTenantId)));
    if (outcome?.status !== 'succeeded' || outcome.added !== numbers) throw new Error(`first snapshot: ${JSON.stringify(outcome)}`);
    const firstWrites = await writesSince(tables, msTenantId, firstStart);
    await writeSpans(tables, firstStart, firstMs, plan.roundTripMs);

    settle();
    const rerunStart = new Date();
    const rerunMs = await timeMs(async () => (outcome = await deliverSnapshot(tables, msTenantId)));
    if (outcome?.status !== 'succeeded' || outcome.unchanged !== numbers) throw new Error(`rerun: ${JSON.stringify(outcome)}`);
    return { firstMs, rerunMs, firstWrites, rerunWrites: await writesSince(tables, msTenantId, rerunStart) };
  }, storage);

  const entities = await entitiesFor(msTenantId, randomUUID());
  const batchedMs = await withFreshStorage(async (tables) => {
    await ensureSnapshotTables(tables);
    settle();
    return timeMs(async () => {
      await submitInBatches(tables.changes, entities.changes, transactionsInFlight);
      await submitInBatches(tables.numbers, entities.numbers, transactionsInFlight);
      await submitInBatches(tables.index, entities.index, transactionsInFlight);
    });
  }, storage);
  const sequentialMs = ((await sequentialSampleMs(liveBaseUrl, plan)) * numbers) / plan.sequentialSample;
  return { ...snapshot, batchedMs, sequentialMs };
}

/** Baseline (a) on a sample: its numbers' rows one upsertEntity at a time, on an empty emulator. */
async function sequentialSampleMs(liveBaseUrl: string, plan: SnapshotPlan): Promise<number> {
  const sample = plan.sequentialSample;
  const msTenantId = randomUUID();
  await registerGeneratedTenant(liveBaseUrl, msTenantId, sample);
  const entities = await entitiesFor(msTenantId, randomUUID());
  return withFreshStorage(
    async (tables) => {
      await ensureSnapshotTables(tables);
      settle();
      return timeMs(() => upsertOneByOne(tables, entities, sample));
    },
    { roundTripMs: plan.roundTripMs },
  );
}

/** First snapshot and unchanged rerun through snapshotTenant into Azurite, against the two write baselines. */
export async function snapshots(liveBaseUrl: string, plan: SnapshotPlan): Promise<ResultRow[]> {
  await round(liveBaseUrl, { ...plan, numbers: 1_000, sequentialSample: 100 });
  const results: RoundResult[] = [];
  for (let run = 0; run < plan.runs; run++) results.push(await round(liveBaseUrl, plan));
  const sequentialMs = median(results.map((r) => r.sequentialMs));

  const firstMs = median(results.map((r) => r.firstMs));
  const rerunMs = median(results.map((r) => r.rerunMs));
  const batchedMs = median(results.map((r) => r.batchedMs));
  // Per number a change row, a number row and an index row, on both sides.
  const rows = 3 * plan.numbers;
  const perSecond = (ms: number) => `${Math.round((rows * 1000) / ms)} rows/s`;
  const firstWrites = Math.max(...results.map((r) => r.firstWrites));
  const rerunWrites = Math.max(...results.map((r) => r.rerunWrites));
  const size = plan.roundTripMs > 0 ? `${formatCount(plan.numbers)} numbers, ${plan.roundTripMs} ms round trip added` : `${formatCount(plan.numbers)} numbers`;
  return [
    {
      case: `first snapshot, ${size}, vs (a) sequential upsertEntity`,
      measured: `${formatMs(firstMs)} (${firstWrites} rows written)`,
      baseline: `${formatMs(sequentialMs)} (a), extrapolated from ${formatCount(plan.sequentialSample)} numbers; even the ceiling (b) runs at ${(sequentialMs / batchedMs).toFixed(1)}× the speed of (a)`,
      ratio: `${(sequentialMs / firstMs).toFixed(1)}× faster`,
      target: '≥ 10× faster',
      holds: sequentialMs / firstMs >= 10 && firstWrites === rows,
      whyNot:
        firstWrites !== rows
          ? `it wrote ${firstWrites} rows, not ${rows}`
          : sequentialMs / batchedMs < 10
            ? `even the ceiling (b) is only ${(sequentialMs / batchedMs).toFixed(1)}× (a) here, so no client can reach 10×`
            : undefined,
    },
    {
      case: `first snapshot, ${size}, vs (b) raw batches`,
      measured: perSecond(firstMs),
      baseline: `${perSecond(batchedMs)} (b), ${transactionsInFlight} transactions in flight`,
      ratio: formatRatio(batchedMs / firstMs),
      target: '≥ 0.8× throughput',
      holds: batchedMs / firstMs >= 0.8,
    },
    {
      case: `unchanged rerun, ${size}`,
      measured: `${formatMs(rerunMs)}, ${rerunWrites} rows written`,
      baseline: `${formatMs(firstMs)} first snapshot`,
      ratio: formatRatio(rerunMs / firstMs),
      target: '≤ 0.2×, 0 writes',
      holds: rerunMs / firstMs <= 0.2 && rerunWrites === 0,
    },
  ];
}
