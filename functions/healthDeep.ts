import { app } from '@azure/functions';
import { healthDeepRoute as entry } from '../shared/api/routes/healthDeepRoute';
import type { HealthReportBody } from '../shared/api/schemas/healthSchemas';
import { appVersion } from '../shared/appVersion';
import { runDependencyChecks } from '../shared/health/dependencyChecks';
import { hostAuthLevel } from '../shared/auth/callerAuth';
import { httpFunction } from '../shared/http/httpFunction';
import { queryParser } from '../shared/http/queryParser';

const query = queryParser(entry);

export const healthDeep = httpFunction(entry, async (request, scope) => {
  query.parse(request.query);
  const checks = await runDependencyChecks();
  const healthy = checks.every((check) => check.status === 'ok');
  for (const check of checks.filter((c) => c.status === 'failed')) scope.log.warn(`Health check ${check.name} failed: ${check.detail ?? ''}`);
  return {
    status: healthy ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
    jsonBody: { status: healthy ? 'ok' : 'degraded', version: appVersion, checks } satisfies HealthReportBody,
  };
});

app.http(entry.name, { methods: [entry.method], authLevel: hostAuthLevel(entry), route: entry.route, handler: healthDeep });
