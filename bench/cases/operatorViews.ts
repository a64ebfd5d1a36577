import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { HttpRequest, InvocationContext, type HttpHandler, type HttpResponseInit } from '@azure/functions';
import type { TableClient, TableEntity } from '@azure/data-tables';
import type { NumberRecord } from '../../shared/numbers/numberRecord';
import { toNumberEntity, type NumberRow } from '../../shared/snapshots/numberEntity';
import { toIndexEntity, writeIndexRows } from '../../shared/snapshots/numberIndex';
import { tenantStatePartition } from '../../shared/snapshots/runRows';
import { manualRunId } from '../../shared/snapshots/runIds';
import { clearSnapshotReadCache, readTenantSnapshotFromTables as readTenantSnapshot } from '../../shared/snapshots/tenantSnapshotFromTables';
import { numberIndexVersion } from '../../shared/snapshots/tenantState';
import { summaryOfAnswer } from '../../shared/snapshots/tenantSummary';
import { ensureSnapshotTables, type SnapshotTables } from '../../shared/storage/snapshotTables';
import { withFreshStorage } from '../support/freshStorage';
import { registeredHandler } from '../support/loadApp';
import { formatCount, formatMiB, formatMs, formatRatio, type ResultRow } from '../support/resultRow';
import { submitInBatches } from '../support/tableWrites';
import { median, settle, timeMs } from '../support/timing';

/**
 * The operator-wide views of issue 11, each against a baseline from the same run: rows are written
 * straight into an empty Azurite as a snapshot would leave them (number rows, index rows, tenant
 * state with its summary), then read through the registered HTTP functions.
 */
export interface ViewsPlan {
  /** Numbers across `tenants` for findNumber and the operator export (the issue: 300k over 300). */
  numbers: number;
  tenants: number;
  /** One tenant's numbers for getTenantNumbers CSV and the snapshot read cache (the issue: 100k). */
  tenantNumbers: number;
  /** Tenants for listTenants (the issue: 1,000). */
  listedTenants: number;
}

const statuses = ['UserAssigned', 'Unassigned', 'VoiceApp', 'ConferenceAssigned'];

/** Where the case's time goes (seeding dominates at full size), on stderr beside main.ts's progress lines. */
const phase = (message: string, startedMs: number) =>
  process.stderr.write(
    `[bench] ${new Date().toISOString().slice(11, 19)}   operatorViews: ${message} in ${((performance.now() - startedMs) / 1000).toFixed(1)} s\n`,
  );

function recordOf(msTenantId: string, index: number): NumberRecord {
  return {
    telephoneNumber: `+1${String(2_000_000_000 + index)}`,
    msTenantId,
    id: 7_000_000_000 + index,
    uploadTelephoneNumberEntryId: String(index),
    source: 'webapi',
    isoCountryCode: index % 7 === 0 ? 'GB' : 'US',
    assignmentStatus: statuses[index % statuses.length] ?? null,
    acquiredNumberStatus: 'Active',
    acquiredCapabilities: ['InboundCalling', 'UserAssignment'],
    availableCapabilities: ['InboundCalling', 'OutboundCalling', 'UserAssignment'],
    callingProfileId: 'cp-1',
    locationId: index % 5 === 0 ? null : `loc-${index % 50}`,
    civicAddressId: `civic-${index % 50}`,
    acquiredOn: '2026-01-01T00:00:00Z',
    whenCreated: '2026-01-01T00:00:00Z',
    uploadToAccountJobId: 1,
    tnUploadJobId: 'job-1',
    sbcList: [{ sbcName: 'sbc-us-1', sbcId: 101 }],
    aslcht: '1',
    aslsct: '2',
    aslvCode: 'v',
    asticks: '3',
  };
}

const rowOf = (record: NumberRecord, at: Date, runId: string): NumberRow => ({
  record,
  meta: { state: 'active', firstSeenAt: at, lastChangedAt: at, lastChangeRunId: runId, releasedAt: null, contentHash: 'bench', unassignedSince: null },
});

/** Writes `count` numbers of each tenant as a snapshot leaves them: number rows, index rows, the tenant's state row. */
async function writeTenants(tables: SnapshotTables, tenants: readonly string[], perTenant: number, withIndex: boolean, firstIndex = 0): Promise<void> {
  await ensureSnapshotTables(tables);
  const at = new Date();
  const runId = manualRunId(at.getTime());
  let next = firstIndex;
  for (const msTenantId of tenants) {
    const records = Array.from({ length: perTenant }, () => recordOf(msTenantId, next++));
    const rows = records.map((record) => rowOf(record, at, runId));
    await submitInBatches(
      tables.numbers,
      rows.map((row) => toNumberEntity(msTenantId, row)),
      8,
    );
    if (withIndex)
      await writeIndexRows(
        tables.index,
        rows.map((row) => toIndexEntity(msTenantId, row)),
      );
    const state: TableEntity<Record<string, unknown>> = {
      partitionKey: tenantStatePartition,
      rowKey: msTenantId,
      kind: 'tenantState',
      msTenantId,
      lastSucceededAt: at,
      lastSnapshotRunId: runId,
      lastRunId: runId,
      activeCount: perTenant,
      summary: JSON.stringify(summaryOfAnswer(records, 0)),
      indexVersion: numberIndexVersion,
      lastOutcome: 'succeeded',
    };
    await tables.runs.upsertEntity(state, 'Replace');
  }
}

/** Entity GETs (point reads and query pages) each table's client sends, counted on its pipeline. */
function countReads(table: TableClient): { reads(): number } {
  let reads = 0;
  const policy: PipelinePolicy = {
    name: `bench-count-${table.tableName}-${randomUUID()}`,
    async sendRequest(request, next) {
      if (request.method === 'GET' && !/\/Tables(\?|$|\()/.test(request.url)) reads++;
      return next(request);
    },
  };
  table.pipeline.addPolicy(policy);
  return { reads: () => reads };
}

async function call(name: string, url: string, params: Record<string, string> = {}): Promise<HttpResponseInit> {
  const request = new HttpRequest({ method: 'GET', url: `http://localhost:7071/api/${url}`, params });
  const response = await registeredHandler<HttpHandler>(name)(
    request,
    new InvocationContext({ functionName: name, invocationId: randomUUID(), logHandler: () => undefined }),
  );
  if ((response.status ?? 200) !== 200) throw new Error(`${url} answered ${response.status}: ${String(response.body).slice(0, 200)}`);
  return response;
}

/** Reads a streamed body to its end, as the host sends it; returns its bytes and the process's peak RSS growth meanwhile. */
async function drain(body: unknown): Promise<{ bytes: number; peakGrowth: number }> {
  settle();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  let bytes = 0;
  try {
    for await (const chunk of body as Readable) {
      bytes += (chunk as Buffer).length;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
  } finally {
    clearInterval(sampler);
  }
  return { bytes, peakGrowth: peak - before };
}

async function findNumberRows(plan: ViewsPlan): Promise<ResultRow[]> {
  return withFreshStorage(async (tables) => {
    const tenants = Array.from({ length: plan.tenants }, () => randomUUID()).sort();
    let started = performance.now();
    await writeTenants(tables, tenants, Math.floor(plan.numbers / plan.tenants), true);
    phase(`wrote ${formatCount(plan.numbers)} number and index rows`, started);
    started = performance.now();
    const total = Math.floor(plan.numbers / plan.tenants) * plan.tenants;
    const sample = Array.from({ length: 200 }, (_, i) => Math.floor((i * 7919) % total));
    const tenantOf = (index: number) => tenants[Math.floor(index / Math.floor(plan.numbers / plan.tenants))] as string;
    const numberOf = (index: number) => `+1${String(2_000_000_000 + index)}`;
    // Warm both sides (connections, modules).
    for (const index of sample.slice(0, 20)) {
      await call('findNumber', `numbers/${encodeURIComponent(numberOf(index))}`, { telephoneNumber: numberOf(index) });
      await tables.numbers.getEntity(tenantOf(index), numberOf(index));
    }
    const find: number[] = [];
    const point: number[] = [];
    for (const index of sample) {
      point.push(await timeMs(() => tables.numbers.getEntity(tenantOf(index), numberOf(index))));
      find.push(await timeMs(() => call('findNumber', `numbers/${encodeURIComponent(numberOf(index))}`, { telephoneNumber: numberOf(index) })));
    }
    const ratio = median(find) / median(point);
    phase('measured findNumber', started);
    started = performance.now();

    // Whole-operator CSV export against a bare scan of the same rows.
    const exportRuns: number[] = [];
    const scanRuns: number[] = [];
    const growth: number[] = [];
    let lines = 0;
    for (let run = 0; run < 3; run++) {
      settle();
      scanRuns.push(
        await timeMs(async () => {
          let rows = 0;
          for await (const page of tables.numbers.listEntities().byPage({ maxPageSize: 1000 })) rows += page.length;
          if (rows !== total) throw new Error(`scan saw ${rows} rows, not ${total}`);
        }),
      );
      let drained = { bytes: 0, peakGrowth: 0 };
      exportRuns.push(
        await timeMs(async () => {
          const response = await call('listOperatorNumbers', 'numbers?format=csv');
          drained = await drain(response.body);
        }),
      );
      growth.push(drained.peakGrowth);
      lines = drained.bytes;
    }
    phase('measured the export against the scan (3 rounds)', started);
    const throughputRatio = median(scanRuns) / median(exportRuns);
    const size = `${formatCount(total)} numbers / ${plan.tenants} tenants`;
    return [
      {
        case: `findNumber at ${formatCount(total)} indexed numbers (median of ${sample.length})`,
        measured: formatMs(median(find)),
        baseline: `${formatMs(median(point))} (one getEntity)`,
        ratio: formatRatio(ratio),
        target: '≤ 2×',
        holds: ratio <= 2,
        whyNot: `findNumber took ${formatRatio(ratio)} one getEntity`,
      },
      {
        case: `operator CSV export, ${size}: throughput`,
        measured: `${formatMs(median(exportRuns))} (${formatMiB(lines)})`,
        baseline: `${formatMs(median(scanRuns))} (bare listEntities scan)`,
        ratio: formatRatio(throughputRatio),
        target: '≥ 0.8× of the scan',
        holds: throughputRatio >= 0.8,
        whyNot: `the export ran at ${formatRatio(throughputRatio)} the scan's speed (per round: ${scanRuns.map((scan, run) => formatRatio(scan / (exportRuns[run] as number))).join(', ')})`,
      },
      {
        case: `operator CSV export, ${size}: peak RSS growth`,
        measured: formatMiB(median(growth)),
        baseline: '—',
        ratio: '—',
        target: '≤ 64 MiB',
        holds: median(growth) <= 64 * 1024 * 1024,
        whyNot: `RSS grew ${formatMiB(median(growth))} while the export streamed`,
      },
    ];
  });
}

async function tenantRows(plan: ViewsPlan): Promise<ResultRow[]> {
  return withFreshStorage(async (tables) => {
    const msTenantId = randomUUID();
    let started = performance.now();
    await writeTenants(tables, [msTenantId], plan.tenantNumbers, false);
    phase(`wrote one tenant of ${formatCount(plan.tenantNumbers)} numbers`, started);
    started = performance.now();
    const size = formatCount(plan.tenantNumbers);

    // getTenantNumbers?format=csv&source=snapshot: every row.
    clearSnapshotReadCache();
    let csv = { bytes: 0, peakGrowth: 0 };
    const csvMs = await timeMs(async () => {
      const response = await call('getTenantNumbers', `tenants/${msTenantId}/numbers?format=csv&source=snapshot`, { msTenantId });
      csv = await drain(response.body);
    });

    // Cold and warm source=snapshot reads; 8 concurrent cold reads counted on the storage pipeline.
    const pages = countReads(tables.numbers);
    const cold: number[] = [];
    const warm: number[] = [];
    for (let run = 0; run < 3; run++) {
      clearSnapshotReadCache();
      settle();
      cold.push(await timeMs(() => readTenantSnapshot(msTenantId, tables)));
      for (let hit = 0; hit < 5; hit++) warm.push(await timeMs(() => readTenantSnapshot(msTenantId, tables)));
    }
    clearSnapshotReadCache();
    const before = pages.reads();
    await readTenantSnapshot(msTenantId, tables);
    const onePartitionRead = pages.reads() - before;
    clearSnapshotReadCache();
    const beforeConcurrent = pages.reads();
    await Promise.all(Array.from({ length: 8 }, () => readTenantSnapshot(msTenantId, tables)));
    const concurrentReads = pages.reads() - beforeConcurrent;
    const warmRatio = median(warm) / median(cold);
    phase('measured the tenant CSV and snapshot reads', started);
    return [
      {
        case: `getTenantNumbers CSV (source=snapshot), ${size} numbers, all rows`,
        measured: `${formatMs(csvMs)}, ${formatMiB(csv.bytes)}`,
        baseline: '—',
        ratio: '—',
        target: `peak RSS growth reported: ${formatMiB(csv.peakGrowth)}`,
        holds: null,
      },
      {
        case: `source=snapshot read of ${size} numbers: warm vs cold`,
        measured: formatMs(median(warm)),
        baseline: `${formatMs(median(cold))} (cold)`,
        ratio: formatRatio(warmRatio),
        target: '≤ 0.05×',
        holds: warmRatio <= 0.05,
        whyNot: `a warm read took ${formatRatio(warmRatio)} a cold one: the read cache did not answer`,
      },
      {
        case: `8 concurrent cold source=snapshot reads of ${size} numbers`,
        measured: `${concurrentReads} page reads`,
        baseline: `${onePartitionRead} page reads (one partition read)`,
        ratio: formatRatio(concurrentReads / onePartitionRead),
        target: '= one partition read',
        holds: concurrentReads === onePartitionRead,
        whyNot: `${concurrentReads} page reads where one partition read is ${onePartitionRead}: concurrent cold reads were not shared`,
      },
    ];
  });
}

async function listTenantsRow(plan: ViewsPlan): Promise<ResultRow[]> {
  return withFreshStorage(async (tables) => {
    const tenants = Array.from({ length: plan.listedTenants }, () => randomUUID());
    await writeTenants(tables, tenants, 1, false);
    const numberReads = countReads(tables.numbers);
    const runReads = countReads(tables.runs);
    let count = 0;
    const ms = await timeMs(async () => {
      const response = await call('listTenants', 'tenants');
      count = (JSON.parse(String(response.body)) as { count: number }).count;
    });
    if (count !== plan.listedTenants) throw new Error(`listTenants answered ${count} tenants, not ${plan.listedTenants}`);
    return [
      {
        case: `listTenants over ${formatCount(plan.listedTenants)} tenants`,
        measured: `${numberReads.reads()} number-table reads`,
        baseline: `${runReads.reads()} state page read(s), ${formatMs(ms)}`,
        ratio: '—',
        target: 'no number row read',
        holds: numberReads.reads() === 0,
        whyNot: `listTenants read the number table ${numberReads.reads()} time(s)`,
      },
    ];
  });
}

export async function operatorViews(plan: ViewsPlan): Promise<ResultRow[]> {
  return [...(await findNumberRows(plan)), ...(await tenantRows(plan)), ...(await listTenantsRow(plan))];
}
