import { listTenantsRoute } from '../shared/api/routes/listTenantsRoute';
import { nextLink } from '../shared/http/nextLink';
import { single } from '../shared/http/queryParameters';
import { registerRoute } from '../shared/http/registerRoute';
import { wantsCsv } from '../shared/http/representation';
import { csvContentType } from '../shared/http/streamedResponse';
import { appSnapshotTables } from '../shared/storage/snapshotTables';
import { maxTenantsTop } from '../shared/api/routes/listTenantsQuery';
import type { TenantListBody } from '../shared/views/viewBodies';
import { lateLoad } from '../shared/runtime/lateLoad';

/** Loaded on its first invocation: the first live lookup after a cold start does not wait for it (docs/performance.md). */
const csv = lateLoad<typeof import('../shared/views/tenantsCsv')>(require, '../shared/views/tenantsCsv');
const tenants = lateLoad<typeof import('../shared/views/tenantViews')>(require, '../shared/views/tenantViews');

registerRoute(listTenantsRoute, async (request, { query, settings }) => {
  const share = single(query, 'unassignedShareAbove');
  const stale = single(query, 'staleSnapshotHours');
  const views = await tenants().readTenantViews(appSnapshotTables().runs, {
    allowedTenants: settings().allowedTenants,
    unassignedShareAbove: share === undefined ? undefined : Number(share),
    staleSnapshotHours: stale === undefined ? undefined : Number(stale),
    now: new Date(),
  });
  const headers = { 'Cache-Control': 'private, no-cache' };
  if (wantsCsv(request, (single(query, 'format') as 'json' | 'csv' | undefined) ?? null)) {
    return { status: 200, headers: { ...headers, 'Content-Type': csvContentType }, body: csv().renderTenantsCsv(views) };
  }
  const top = Number(single(query, 'top') ?? maxTenantsTop);
  const skip = Number(single(query, 'skip') ?? 0);
  const page = views.slice(skip, skip + top);
  const body: TenantListBody = {
    count: page.length,
    value: page,
    nextLink: skip + top < views.length ? nextLink(request.url, { top: String(top), skip: String(skip + top) }) : undefined,
  };
  return { status: 200, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
});
