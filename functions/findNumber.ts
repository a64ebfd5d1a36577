import { findNumberRoute } from '../shared/api/routes/findNumberRoute';
import { NotFoundError } from '../shared/errors/requestErrors';
import { registerRoute } from '../shared/http/registerRoute';
import { telephoneNumberFromPath } from '../shared/numbers/telephoneNumberPath';
import { appSnapshotTables } from '../shared/storage/snapshotTables';
import { findNumber } from '../shared/views/findNumber';

registerRoute(findNumberRoute, async (request, scope) => {
  const settings = scope.settings();
  const telephoneNumber = telephoneNumberFromPath(request.params['telephoneNumber']);
  const found = await findNumber(appSnapshotTables().index, telephoneNumber, settings.allowedTenants);
  if (!found) throw new NotFoundError(`No snapshot of a tenant this app serves has seen ${telephoneNumber}.`);
  return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, no-cache' }, body: JSON.stringify(found) };
});
