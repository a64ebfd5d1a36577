import type { CheckResult } from '../../health/dependencyChecks';
import { componentRef, count, enumOf, objectSchema, text } from './jsonSchema';

export interface HealthBody {
  status: 'ok';
  version: string;
}

export interface HealthReportBody {
  status: 'ok' | 'degraded';
  version: string;
  checks: CheckResult[];
}

const version = text('Version', 'The version of the app.');

export const healthSchema = objectSchema<HealthBody>({
  title: 'Health',
  description: 'The app is up; no dependency was touched.',
  required: ['status', 'version'],
  properties: {
    status: { type: 'string', enum: ['ok'], title: 'Status', description: 'Always ok.' },
    version,
  },
});

export const healthCheckSchema = objectSchema<CheckResult>({
  title: 'Health Check',
  description: 'One dependency check: its name, outcome and latency.',
  required: ['name', 'status', 'durationMs'],
  properties: {
    name: text(
      'Name',
      'configuration, liveToken, storage or liveBudget (the shared Live Platform rate budget; failed while its store is unreachable and the instance is on its fallback share).',
    ),
    status: { type: 'string', enum: enumOf<CheckResult['status']>({ ok: true, failed: true }), title: 'Status', description: 'ok or failed.' },
    durationMs: count('Duration (ms)', 'How long the check took, in milliseconds.'),
    detail: text('Detail', 'What failed: a setting or credential mode by name, never a value.'),
  },
});

export const healthReportSchema = objectSchema<HealthReportBody>({
  title: 'Health Report',
  description: 'The outcome of every dependency check; status degraded when one failed.',
  required: ['status', 'version', 'checks'],
  properties: {
    status: {
      type: 'string',
      enum: enumOf<HealthReportBody['status']>({ ok: true, degraded: true }),
      title: 'Status',
      description: 'ok, or degraded when a check failed.',
    },
    version,
    checks: { type: 'array', items: componentRef('HealthCheck'), title: 'Checks', description: 'configuration, liveToken, storage and liveBudget.' },
  },
});
