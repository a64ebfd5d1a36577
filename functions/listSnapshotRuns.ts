import { app } from '@azure/functions';
import { listSnapshotRunsRoute as entry } from '../shared/api/routes/listSnapshotRunsRoute';
import type { RunsPageBody } from '../shared/api/schemas/snapshotSchemas';
import { notFound } from '../shared/http/apiError';
import { hostAuthLevel } from '../shared/auth/callerAuth';
import { httpFunction } from '../shared/http/httpFunction';
import { single } from '../shared/http/queryParameters';
import { queryParser } from '../shared/http/queryParser';
import { representation } from '../shared/http/representation';
import { nextLinkWith, withCheckedContinuation } from '../shared/snapshots/listingPaging';
import { readRun, readRunsPage } from '../shared/snapshots/readRuns';
import { defaultRunsTop } from '../shared/snapshots/runsQuery';
import { processSnapshotTables } from '../shared/storage/snapshotTables';
import { isNotFound } from '../shared/storage/storageErrors';

const query = queryParser(entry);

export const listSnapshotRuns = httpFunction(entry, async (request, scope) => {
  const settings = scope.settings();
  const parsed = query.parse(request.query);
  const runs = processSnapshotTables().runs;
  const runId = single(parsed, 'runId');
  let body: RunsPageBody;
  if (runId !== undefined) {
    const run = await readRun(runs, runId, settings.allowedTenants);
    if (!run) throw notFound(`No snapshot run ${runId}.`);
    body = { count: 1, value: [run] };
  } else {
    const top = Number(single(parsed, 'top') ?? defaultRunsTop);
    const page = await withCheckedContinuation(() =>
      readRunsPage(runs, { top, continuation: single(parsed, 'continuation'), allowedTenants: settings.allowedTenants }).catch((error: unknown) => {
        // No run yet, so no table yet.
        if (isNotFound(error)) return { runs: [], continuation: undefined };
        throw error;
      }),
    );
    body = { count: page.runs.length, value: page.runs, nextLink: nextLinkWith(request.url, page.continuation) };
  }
  const text = JSON.stringify(body);
  return representation(request, text, 'application/json; charset=utf-8', text);
});

app.http(entry.name, { methods: [entry.method], authLevel: hostAuthLevel(entry), route: entry.route, handler: listSnapshotRuns });
