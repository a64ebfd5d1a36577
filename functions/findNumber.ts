import { app } from '@azure/functions';
import { findNumberRoute as entry } from '../shared/api/routes/findNumberRoute';
import { notFound } from '../shared/http/apiError';
import { httpFunction } from '../shared/http/httpFunction';
import { queryParser } from '../shared/http/queryParser';
import { telephoneNumberFromPath } from '../shared/numbers/telephoneNumberPath';
import { processSnapshotTables } from '../shared/storage/snapshotTables';
import { findNumber as findInIndex } from '../shared/views/findNumber';

const query = queryParser(entry);

export const findNumber = httpFunction(async (request, scope) => {
  const settings = scope.settings();
  const telephoneNumber = telephoneNumberFromPath(request.params['telephoneNumber']);
  query.parse(request.query);
  const found = await findInIndex(processSnapshotTables().index, telephoneNumber, settings.allowedTenants);
  if (!found) throw notFound(`No snapshot of a tenant this app serves has seen ${telephoneNumber}.`);
  return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, no-cache' }, body: JSON.stringify(found) };
});

app.http(entry.name, { methods: [entry.method], authLevel: entry.authLevel, route: entry.route, handler: findNumber });
