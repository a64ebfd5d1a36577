import { defaultRunsTop, listSnapshotRunsRoute } from '../shared/api/routes/listSnapshotRunsRoute';
import type { RunsPageBody } from '../shared/api/schemas/snapshotSchemas';
import { NotFoundError } from '../shared/errors/requestErrors';
import { continuationLink } from '../shared/http/nextLink';
import { single } from '../shared/http/queryParameters';
import { registerRoute } from '../shared/http/registerRoute';
import { representation } from '../shared/http/representation';
import { appSnapshotTables } from '../shared/storage/snapshotTables';
import { lateLoad } from '../shared/runtime/lateLoad';

/** Loaded on its first invocation: the first live lookup after a cold start does not wait for it (docs/performance.md). */
const readRuns = lateLoad<typeof import('../shared/snapshots/readRuns')>(require, '../shared/snapshots/readRuns');

registerRoute(listSnapshotRunsRoute, async (request, { query, settings }) => {
  const { allowedTenants } = settings();
  const runs = appSnapshotTables().runs;
  const runId = single(query, 'runId');
  let body: RunsPageBody;
  if (runId !== undefined) {
    const run = await readRuns().readRun(runs, runId, allowedTenants);
    if (!run) throw new NotFoundError(`No snapshot run ${runId}.`);
    body = { count: 1, value: [run] };
  } else {
    const top = Number(single(query, 'top') ?? defaultRunsTop);
    const page = await readRuns().readRunsPage(runs, { top, continuation: single(query, 'continuation'), allowedTenants });
    body = { count: page.runs.length, value: page.runs, nextLink: continuationLink(request.url, page.continuation) };
  }
  const text = JSON.stringify(body);
  return representation(request, text, 'application/json; charset=utf-8', text);
});
