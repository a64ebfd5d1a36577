import { readSettings } from '../../shared/config/settings';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { scaleTenantId } from '../support/sandboxControl';

/**
 * Finding 10 of the hardening review (issue 15): the default LIVE_PLATFORM_MAX_RESPONSE_BYTES
 * (64 MiB) was below a 100,000-number answer (~89 MiB), so the largest tenants could not be looked
 * up or snapshotted without changing a setting. The default now fits ~140,000 numbers.
 */

describe('the default upstream response limit', () => {
  test('a 100,000-number tenant is looked up with the default settings', async () => {
    // Only the response limit is at its default: a loaded machine may need more than 15 s for 89 MB.
    useSettings({
      LIVE_PLATFORM_MAX_RESPONSE_BYTES: undefined,
      LIVE_PLATFORM_RATE_LIMIT: '1000',
      LIVE_PLATFORM_CACHE_SECONDS: '0',
      LIVE_PLATFORM_TIMEOUT_MS: '120000',
    });
    const tenant = scaleTenantId(100_000);
    const response = await invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers?top=1`, { params: { msTenantId: tenant } });
    expect(response.status).toBe(200);
    expect(response.json<{ total: number }>().total).toBe(100_000);
  });

  test('the default leaves room above 100,000 numbers: 128 MiB', () => {
    expect(readSettings({ LIVE_PLATFORM_BASE_URL: 'https://lp.example/api', LIVE_PLATFORM_SCOPE: 'api://x/.default' }).maxResponseBytes).toBe(
      128 * 1024 * 1024,
    );
  });
});
