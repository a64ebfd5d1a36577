import type { HttpHandler } from '@azure/functions';
import { scaleTenantId } from '../../sandbox/tenants';
import { invokeHttp } from '../support/invokeHandler';
import type { ResultRow } from '../support/resultRow';
import { median, settle } from '../support/timing';

const windowMs = 2_000;
const windows = 5;

/** Requests per second, one after another, through getTenantNumbers for a cached 1k-number tenant. */
export async function throughput(handler: HttpHandler): Promise<ResultRow> {
  const msTenantId = scaleTenantId(1_000);
  const call = () => invokeHttp(handler, `tenants/${msTenantId}/numbers`, { msTenantId });
  for (let i = 0; i < 50; i++) await call();
  const rates: number[] = [];
  for (let window = 0; window < windows; window++) {
    settle();
    const started = process.hrtime.bigint();
    let requests = 0;
    let elapsedMs = 0;
    while (elapsedMs < windowMs) {
      await call();
      requests++;
      elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    }
    rates.push((requests * 1000) / elapsedMs);
  }
  return {
    case: 'throughput, cached 1k-number tenant, one process',
    measured: `${Math.round(median(rates))} requests/s`,
    baseline: '—',
    ratio: '—',
    target: 'report',
    holds: null,
  };
}
