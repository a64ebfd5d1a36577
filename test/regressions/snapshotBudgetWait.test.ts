import type { AccessToken, TokenCredential } from '@azure/identity';
import { LiveTokenSource } from '../../shared/auth/liveTokenSource';
import { readSettings } from '../../shared/config/settings';
import { UpstreamThrottledError } from '../../shared/errors/upstreamErrors';
import { LivePlatformClient } from '../../shared/live-platform/livePlatformClient';
import { InstanceBudget } from '../../shared/live-platform/instanceBudget';
import type { Logger } from '../../shared/logging/logger';
import { startArrivalRecordingUpstream, type ArrivalRecordingUpstream } from './support/arrivalRecordingUpstream';

/**
 * Regression found by npm run chaos (shared budget): a snapshot run took twice the time the limit
 * allows. While 40 callers held the whole window, snapshot work waited for the budget only as long
 * as LIVE_PLATFORM_TIMEOUT_MS, gave up ("rate budget spent"), and the host handed the message out
 * again only after the queue's visibilityTimeout (30 s), with the budget idle meanwhile. Snapshot
 * work now waits for its place up to snapshotBudgetWaitMs, and the call's own deadline starts once
 * it has the place. Lookups still answer at once when the window is full.
 * Fixed in shared/live-platform/livePlatformClient.ts (issue 13).
 */

const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
let upstream: ArrivalRecordingUpstream;
beforeAll(async () => {
  upstream = await startArrivalRecordingUpstream();
});
afterAll(() => upstream.close());

test('snapshot work waits for the budget past LIVE_PLATFORM_TIMEOUT_MS instead of failing; a lookup answers at once', async () => {
  const windowMs = 1500;
  const credential: TokenCredential = { getToken: async (): Promise<AccessToken> => ({ token: 'token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const settings = readSettings({
    LIVE_PLATFORM_BASE_URL: upstream.baseUrl,
    LIVE_PLATFORM_SCOPE: 'api://x/.default',
    LIVE_PLATFORM_RETRIES: '0',
    LIVE_PLATFORM_TIMEOUT_MS: '500',
  });
  const client = new LivePlatformClient(
    settings,
    new LiveTokenSource(credential, 'api://x/.default', 'managed-identity'),
    new InstanceBudget({ limit: 1, reserve: 0, windowMs }),
  );
  const snapshot = (tenant: string) => client.fetchTenantNumbers(tenant, { channelId: null, correlationId: 'regression', log, waitForBudget: true });

  await snapshot('8f9a0c52-5d0e-4c4b-9a55-2d52e1b4a6f0');
  // The window is full: a lookup is refused at once, the next snapshot call waits a window (3 × its timeout).
  await expect(client.fetchTenantNumbers('8f9a0c52-5d0e-4c4b-9a55-2d52e1b4a6f1', { channelId: null, correlationId: 'regression', log })).rejects.toBeInstanceOf(
    UpstreamThrottledError,
  );
  await expect(snapshot('8f9a0c52-5d0e-4c4b-9a55-2d52e1b4a6f2')).resolves.toEqual([]);
  expect(upstream.arrivals).toHaveLength(2);
  expect((upstream.arrivals[1] as number) - (upstream.arrivals[0] as number)).toBeGreaterThanOrEqual(windowMs - 50);
}, 15_000);
