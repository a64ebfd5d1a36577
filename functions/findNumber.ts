import { findNumberRoute } from '../shared/api/routes/findNumberRoute';
import { NotFoundError } from '../shared/errors/requestErrors';
import { registerRoute } from '../shared/http/registerRoute';
import { telephoneNumberFromPath } from '../shared/numbers/telephoneNumberPath';
import { appSnapshotTables } from '../shared/storage/snapshotTables';
import { lateLoad } from '../shared/runtime/lateLoad';

/** Loaded on its first invocation: the first live lookup after a cold start does not wait for it (docs/performance.md). */
const view = lateLoad<typeof import('../shared/views/findNumber')>(require, '../shared/views/findNumber');

registerRoute(findNumberRoute, async (request, scope) => {
  const settings = scope.settings();
  const telephoneNumber = telephoneNumberFromPath(request.params['telephoneNumber']);
  const found = await view().findNumber(appSnapshotTables().index, telephoneNumber, settings.allowedTenants);
  if (!found) throw new NotFoundError(`No snapshot of a tenant this app serves has seen ${telephoneNumber}.`);
  return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, no-cache' }, body: JSON.stringify(found) };
});
