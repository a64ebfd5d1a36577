import { app } from '@azure/functions';
import { listOperatorNumbersRoute as entry } from '../shared/api/routes/listOperatorNumbersRoute';
import { httpFunction } from '../shared/http/httpFunction';
import { queryParser } from '../shared/http/queryParser';
import { csvContentType, listFormat, ndjsonContentType, nextPageLink, streamedResponse } from '../shared/http/streamedResponse';
import { nextLinkWith, withCheckedContinuation } from '../shared/snapshots/listingPaging';
import { processSnapshotTables } from '../shared/storage/snapshotTables';
import { csvHeaderLine, operatorCsvColumns, readOperatorPage, renderOperatorRows, streamOperatorRows } from '../shared/views/operatorExport';
import { toOperatorNumbersQuery } from '../shared/views/operatorQuery';
import type { OperatorNumberListBody } from '../shared/views/viewBodies';

const query = queryParser(entry);

export const listOperatorNumbers = httpFunction(async (request, scope) => {
  const settings = scope.settings();
  const numberQuery = toOperatorNumbersQuery(query.parse(request.query), settings.allowedTenants);
  const format = listFormat(request, numberQuery.format);
  const numbers = processSnapshotTables().numbers;
  const now = new Date();
  const headers = { 'Cache-Control': 'private, no-cache' };

  if (format !== 'json' && numberQuery.top === undefined && numberQuery.continuation === undefined) {
    const stream = await streamOperatorRows(numbers, numberQuery, now, format, scope.log);
    return streamedResponse(format === 'csv' ? csvContentType : ndjsonContentType, stream);
  }
  const page = await withCheckedContinuation(() => readOperatorPage(numbers, numberQuery, now));
  const nextLink = nextLinkWith(request.url, page.continuation);
  if (format !== 'json') {
    const columns = operatorCsvColumns(numberQuery.fields);
    const text = (format === 'csv' ? csvHeaderLine(columns) : '') + renderOperatorRows(page.views, format, columns);
    return { status: 200, headers: { ...headers, 'Content-Type': format === 'csv' ? csvContentType : ndjsonContentType, ...nextPageLink(nextLink) }, body: text };
  }
  const body: OperatorNumberListBody = { source: 'snapshot', count: page.views.length, value: page.views, nextLink, warnings: [] };
  return { status: 200, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
});

app.http(entry.name, { methods: [entry.method], authLevel: entry.authLevel, route: entry.route, handler: listOperatorNumbers });
