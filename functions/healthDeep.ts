import { app } from '@azure/functions';
import { appVersion } from '../shared/appVersion';
import { runDependencyChecks } from '../shared/health/dependencyChecks';
import { httpFunction } from '../shared/http/httpFunction';

export const healthDeep = httpFunction(async (_request, scope) => {
  const checks = await runDependencyChecks();
  const healthy = checks.every((check) => check.status === 'ok');
  for (const check of checks.filter((c) => c.status === 'failed')) scope.log.warn(`Health check ${check.name} failed: ${check.detail ?? ''}`);
  return {
    status: healthy ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
    jsonBody: { status: healthy ? 'ok' : 'degraded', version: appVersion, checks },
  };
});

app.http('healthDeep', {
  methods: ['GET'],
  authLevel: 'function',
  route: 'health/deep',
  handler: healthDeep,
});
