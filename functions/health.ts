import { app } from '@azure/functions';
import { appVersion } from '../shared/appVersion';

/** Liveness only: touches no dependency, so it answers even when the Live Platform or storage is down. */
app.http('health', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'health',
  handler: async () => ({ status: 200, jsonBody: { status: 'ok', version: appVersion }, headers: { 'Cache-Control': 'no-store' } }),
});
