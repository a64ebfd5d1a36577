import { app } from '@azure/functions';
import { listTenantsRoute as entry } from '../shared/api/routes/listTenantsRoute';
import { httpFunction } from '../shared/http/httpFunction';
import { single } from '../shared/http/queryParameters';
import { queryParser } from '../shared/http/queryParser';
import { wantsCsv } from '../shared/http/representation';
import { csvContentType } from '../shared/http/streamedResponse';
import { nextLinkFor } from '../shared/numbers/numberPage';
import { processSnapshotTables } from '../shared/storage/snapshotTables';
import { renderTenantsCsv } from '../shared/views/tenantsCsv';
import { maxTenantsTop } from '../shared/views/tenantsQuery';
import { readTenantViews } from '../shared/views/tenantViews';
import type { TenantListBody } from '../shared/views/viewBodies';

const query = queryParser(entry);

export const listTenants = httpFunction(async (request, scope) => {
  const settings = scope.settings();
  const parsed = query.parse(request.query);
  const share = single(parsed, 'unassignedShareAbove');
  const stale = single(parsed, 'staleSnapshotHours');
  const views = await readTenantViews(processSnapshotTables().runs, {
    allowedTenants: settings.allowedTenants,
    unassignedShareAbove: share === undefined ? undefined : Number(share),
    staleSnapshotHours: stale === undefined ? undefined : Number(stale),
    now: new Date(),
  });
  const headers = { 'Cache-Control': 'private, no-cache' };
  if (wantsCsv(request, (single(parsed, 'format') as 'json' | 'csv' | undefined) ?? null)) {
    return { status: 200, headers: { ...headers, 'Content-Type': csvContentType }, body: renderTenantsCsv(views) };
  }
  const top = Number(single(parsed, 'top') ?? maxTenantsTop);
  const skip = Number(single(parsed, 'skip') ?? 0);
  const page = views.slice(skip, skip + top);
  const body: TenantListBody = { count: page.length, value: page, nextLink: skip + top < views.length ? nextLinkFor(request.url, top, skip + top) : undefined };
  return { status: 200, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
});

app.http(entry.name, { methods: [entry.method], authLevel: entry.authLevel, route: entry.route, handler: listTenants });
