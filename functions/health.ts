import { app } from '@azure/functions';
import { healthRoute as entry } from '../shared/api/routes/healthRoute';
import type { HealthBody } from '../shared/api/schemas/healthSchemas';
import { appVersion } from '../shared/appVersion';
import { hostAuthLevel } from '../shared/auth/callerAuth';
import { httpFunction } from '../shared/http/httpFunction';
import { queryParser } from '../shared/http/queryParser';

const query = queryParser(entry);

/** Liveness only: touches no dependency (not even the settings), so it answers even when the Live Platform or storage is down. */
export const health = httpFunction(entry, async (request) => {
  query.parse(request.query);
  return { status: 200, jsonBody: { status: 'ok', version: appVersion } satisfies HealthBody, headers: { 'Cache-Control': 'no-store' } };
});

app.http(entry.name, { methods: [entry.method], authLevel: hostAuthLevel(entry), route: entry.route, handler: health });
