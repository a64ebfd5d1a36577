import { listOperatorNumbersRoute } from '../shared/api/routes/listOperatorNumbersRoute';
import { continuationLink } from '../shared/http/nextLink';
import { registerRoute } from '../shared/http/registerRoute';
import { csvContentType, listFormat, ndjsonContentType, nextPageLink, streamedResponse } from '../shared/http/streamedResponse';
import { appSnapshotTables } from '../shared/storage/snapshotTables';
import { toOperatorNumbersQuery } from '../shared/api/routes/listOperatorNumbersQuery';
import type { OperatorNumberListBody } from '../shared/views/viewBodies';
import { lateLoad } from '../shared/runtime/lateLoad';

/** Loaded on its first invocation: the first live lookup after a cold start does not wait for it (docs/performance.md). */
const operatorExport = lateLoad<typeof import('../shared/views/operatorExport')>(require, '../shared/views/operatorExport');

registerRoute(listOperatorNumbersRoute, async (request, scope) => {
  const numberQuery = toOperatorNumbersQuery(scope.query, scope.settings().allowedTenants);
  const format = listFormat(request, numberQuery.format);
  const numbers = appSnapshotTables().numbers;
  const now = new Date();
  const headers = { 'Cache-Control': 'private, no-cache' };

  if (format !== 'json' && numberQuery.top === undefined && numberQuery.continuation === undefined) {
    const stream = await operatorExport().streamOperatorRows(numbers, numberQuery, now, format, scope.log);
    return streamedResponse(format === 'csv' ? csvContentType : ndjsonContentType, stream);
  }
  const page = await operatorExport().readOperatorPage(numbers, numberQuery, now);
  const nextLink = continuationLink(request.url, page.continuation);
  if (format !== 'json') {
    const columns = operatorExport().operatorCsvColumns(numberQuery.fields);
    const text = (format === 'csv' ? operatorExport().csvHeaderLine(columns) : '') + operatorExport().renderOperatorRows(page.views, format, columns);
    return {
      status: 200,
      headers: { ...headers, 'Content-Type': format === 'csv' ? csvContentType : ndjsonContentType, ...nextPageLink(nextLink) },
      body: text,
    };
  }
  const body: OperatorNumberListBody = { source: 'snapshot', count: page.views.length, value: page.views, nextLink, warnings: [] };
  return { status: 200, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
});
