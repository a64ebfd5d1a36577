import { app } from '@azure/functions';
import { notFound } from '../shared/http/apiError';
import { httpFunction } from '../shared/http/httpFunction';
import { compileQuery, single } from '../shared/http/queryParameters';
import { representation } from '../shared/http/representation';
import { continuationParameter, nextLinkWith, topParameter, withCheckedContinuation } from '../shared/snapshots/listingPaging';
import { readRun, readRunsPage } from '../shared/snapshots/readRuns';
import { runIdPattern } from '../shared/snapshots/runIds';
import { processSnapshotTables } from '../shared/storage/snapshotTables';
import { isNotFound } from '../shared/storage/storageErrors';

const defaultTop = 20;
const query = compileQuery({
  top: topParameter(100),
  runId: { schema: { type: 'string', pattern: runIdPattern }, mustBe: 'a runId as returned by requestTenantSnapshot' },
  continuation: continuationParameter,
});

export const listSnapshotRuns = httpFunction(async (request, scope) => {
  const settings = scope.settings();
  const parsed = query.parse(request.query);
  const runs = processSnapshotTables().runs;
  const runId = single(parsed, 'runId');
  let body: string;
  if (runId !== undefined) {
    const run = await readRun(runs, runId, settings.allowedTenants);
    if (!run) throw notFound(`No snapshot run ${runId}.`);
    body = JSON.stringify({ count: 1, value: [run] });
  } else {
    const top = Number(single(parsed, 'top') ?? defaultTop);
    const page = await withCheckedContinuation(() =>
      readRunsPage(runs, { top, continuation: single(parsed, 'continuation'), allowedTenants: settings.allowedTenants }).catch((error: unknown) => {
        // No run yet, so no table yet.
        if (isNotFound(error)) return { runs: [], continuation: undefined };
        throw error;
      }),
    );
    body = JSON.stringify({ count: page.runs.length, value: page.runs, nextLink: nextLinkWith(request.url, page.continuation) });
  }
  return representation(request, body, 'application/json; charset=utf-8', body);
});

app.http('listSnapshotRuns', {
  methods: ['GET'],
  authLevel: 'function',
  route: 'snapshot-runs',
  handler: listSnapshotRuns,
});
