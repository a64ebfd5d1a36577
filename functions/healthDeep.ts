import { healthDeepRoute } from '../shared/api/routes/healthDeepRoute';
import type { HealthReportBody } from '../shared/api/schemas/healthSchemas';
import { appVersion } from '../shared/runtime/appVersion';
import { registerRoute } from '../shared/http/registerRoute';
import { lateLoad } from '../shared/runtime/lateLoad';

/** Loaded on its first invocation: the first live lookup after a cold start does not wait for it (docs/performance.md). */
const dependencyChecks = lateLoad<typeof import('../shared/health/dependencyChecks')>(require, '../shared/health/dependencyChecks');

registerRoute(healthDeepRoute, async (_request, { log }) => {
  const checks = await dependencyChecks().runDependencyChecks();
  const healthy = checks.every((check) => check.status === 'ok');
  for (const check of checks.filter((c) => c.status === 'failed')) log.warn(`Health check ${check.name} failed: ${check.detail ?? ''}`);
  return {
    status: healthy ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
    jsonBody: { status: healthy ? 'ok' : 'degraded', version: appVersion, checks } satisfies HealthReportBody,
  };
});
