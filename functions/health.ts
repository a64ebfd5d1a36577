import { healthRoute } from '../shared/api/routes/healthRoute';
import type { HealthBody } from '../shared/api/schemas/healthSchemas';
import { appVersion } from '../shared/runtime/appVersion';
import { registerRoute } from '../shared/http/registerRoute';

/** Liveness only: touches no dependency (not even the settings), so it answers even when the Live Platform or storage is down. */
registerRoute(healthRoute, () => ({
  status: 200,
  jsonBody: { status: 'ok', version: appVersion } satisfies HealthBody,
  headers: { 'Cache-Control': 'no-store' },
}));
