import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { getStats, registerTenant, uniqueTenantId } from '../support/sandboxControl';

/**
 * Regression (security review, issue 13): ten lookups of tenant ids the Live Platform does not
 * have spent the whole 10-s window, because an upstream 404 was never remembered, and the next
 * caller asking for a real tenant got 503. A 404 is now remembered per tenant and channel for
 * LIVE_PLATFORM_NOT_FOUND_SECONDS: asking again costs no upstream call.
 */

beforeEach(() => useSettings({ LIVE_PLATFORM_RATE_LIMIT: '10', LIVE_PLATFORM_CACHE_SECONDS: '0', LIVE_PLATFORM_RETRIES: '0' }));

const lookup = (tenant: string, channelId?: string) =>
  invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers${channelId === undefined ? '' : `?channelId=${channelId}`}`, { params: { msTenantId: tenant } });

it('a script hammering made-up tenant ids no longer starves a real tenant', async () => {
  const real = uniqueTenantId();
  await registerTenant(real, { count: 2 });
  const madeUp = Array.from({ length: 4 }, () => uniqueTenantId());
  // 20 lookups of 4 made-up tenants: enough to spend the window twice over if each cost a call.
  for (let round = 0; round < 5; round++) {
    for (const tenant of madeUp) expect((await lookup(tenant)).status).toBe(404);
  }
  for (const tenant of madeUp) expect((await getStats(tenant)).calls).toBe(1);
  const answer = await lookup(real);
  expect(answer.status).toBe(200);
  expect(answer.json()['total']).toBe(2);
});

it('remembers per channel, and forgets after LIVE_PLATFORM_NOT_FOUND_SECONDS', async () => {
  useSettings({ LIVE_PLATFORM_CACHE_SECONDS: '0', LIVE_PLATFORM_RETRIES: '0', LIVE_PLATFORM_NOT_FOUND_SECONDS: '1' });
  const tenant = uniqueTenantId();
  expect((await lookup(tenant, '1')).status).toBe(404);
  expect((await lookup(tenant, '1')).status).toBe(404);
  expect((await getStats(tenant)).calls).toBe(1);
  // Another channel is another question.
  expect((await lookup(tenant, '2')).status).toBe(404);
  expect((await getStats(tenant)).calls).toBe(2);
  expect((await lookup(tenant)).status).toBe(404);
  expect((await getStats(tenant)).calls).toBe(3);
  // The tenant is added upstream; a second later the 404 is forgotten and it is found.
  await registerTenant(tenant, { count: 1 });
  expect((await lookup(tenant)).status).toBe(404);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  expect((await lookup(tenant)).status).toBe(200);
  expect((await getStats(tenant)).calls).toBe(4);
});
