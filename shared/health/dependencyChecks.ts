import { getSettings } from '../config/settings';
import { DomainError } from '../errors/domainError';
import { getLiveTokenSource } from '../auth/liveTokenSource';
import { getLivePlatformClient } from '../live-platform/livePlatform';
import { readStorageConnection, tableServiceClientFor } from '../storage/snapshotStorage';
import { eventPublishingCheck } from '../events/eventPublishingCheck';

export interface CheckResult {
  name: string;
  status: 'ok' | 'failed';
  durationMs: number;
  /** Names what failed (a setting, a credential mode); never a setting's value. */
  detail?: string;
}

type Check = { name: string; run: () => void | Promise<void> };

const checks: Check[] = [
  { name: 'configuration', run: () => void getSettings() },
  { name: 'liveToken', run: async () => void (await getLiveTokenSource(getSettings()).getToken()) },
  {
    name: 'storage',
    run: async () => {
      const pages = tableServiceClientFor(readStorageConnection()).listTables().byPage({ maxPageSize: 1 });
      await pages.next();
    },
  },
  {
    // The shared rate budget: failed while its store cannot be reached and this instance is on its fallback share.
    name: 'liveBudget',
    run: async () => {
      const status = await getLivePlatformClient(getSettings()).budgetStatus();
      if (status.mode === 'fallback') {
        const error = new Error(
          `budget store unreachable since ${status.unreachableSince ?? 'now'}; this instance takes at most ${status.fallbackShare ?? 0} call(s) per 10 s on its own`,
        );
        error.name = 'BudgetFallback';
        throw error;
      }
    },
  },
];

const checkTimeoutMs = 10_000;

/** With EVENT_GRID_TOPIC_ENDPOINT set: whether the last attempt to publish change events failed. */
function eventsConfigured(): boolean {
  try {
    return getSettings().eventGridTopicEndpoint !== undefined;
  } catch {
    return false;
  }
}

/** Runs every check in parallel, each bounded in time, and reports names and timings only. */
export async function runDependencyChecks(): Promise<CheckResult[]> {
  const all = eventsConfigured() ? [...checks, { name: 'eventPublishing', run: eventPublishingCheck }] : checks;
  return Promise.all(all.map(runCheck));
}

async function runCheck(check: Check): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${checkTimeoutMs} ms`)), checkTimeoutMs)));
    await Promise.race([check.run(), timeout]);
    return { name: check.name, status: 'ok', durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { name: check.name, status: 'failed', durationMs: Math.round(performance.now() - started), detail: safeDetail(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Settings errors name settings; token errors name the mode; anything else is summarised by kind only. */
function safeDetail(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  if (error instanceof Error && error.name === 'EventPublishingError') return error.message;
  if (error instanceof Error && error.name === 'BudgetFallback') return error.message;
  if (error instanceof Error && /timed out/.test(error.message)) return error.message;
  return error instanceof Error ? `${error.name}` : 'failed';
}
