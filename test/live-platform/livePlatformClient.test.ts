import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/identity';
import type { Logger } from '../../shared/logging/logger';
import { lateLoad } from '../../shared/runtime/lateLoad';
import { sdkBundleDir } from '../../shared/sdk/bundledSdk';

const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const upstream = http.createServer((_, response) => response.writeHead(200, { 'Content-Type': 'application/json' }).end('[]'));
let baseUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => upstream.close(resolve)));

test("a process's first call asks for its token before it loads axios, which then loads while the token is on the way", async () => {
  const events: string[] = [];
  // The identity endpoint's round trip, long enough that a load after it would come last.
  const credential: TokenCredential = {
    getToken: () => {
      events.push('token asked');
      return new Promise<AccessToken>((resolve) =>
        setTimeout(() => {
          events.push('token answered');
          resolve({ token: 'token', expiresOnTimestamp: Date.now() + 3_600_000 });
        }, 100),
      );
    },
  };
  await jest.isolateModulesAsync(async () => {
    const axiosBundle = path.join(sdkBundleDir, 'axios.js');
    jest.doMock(axiosBundle, () => {
      events.push('axios loaded');
      return jest.requireActual(axiosBundle);
    });
    // Loaded inside the isolated registry, so the client sees the recording axios bundle.
    const { readSettings } = lateLoad<typeof import('../../shared/config/settings')>(require, '../../shared/config/settings')();
    const { LiveTokenSource } = lateLoad<typeof import('../../shared/auth/liveTokenSource')>(require, '../../shared/auth/liveTokenSource')();
    const { LivePlatformClient } = lateLoad<typeof import('../../shared/live-platform/livePlatformClient')>(
      require,
      '../../shared/live-platform/livePlatformClient',
    )();
    const settings = readSettings({ LIVE_PLATFORM_BASE_URL: baseUrl, LIVE_PLATFORM_SCOPE: 'api://x/.default', LIVE_PLATFORM_BUDGET: 'instance' });
    const client = new LivePlatformClient(settings, new LiveTokenSource(credential, settings.scope, 'managed-identity'));
    expect(events).toEqual([]);

    await expect(client.fetchTenantNumbers('8f9a0c52-5d0e-4c4b-9a55-2d52e1b4a6f1', { channelId: null, correlationId: 'first-call', log })).resolves.toEqual([]);
    expect(events).toEqual(['token asked', 'axios loaded', 'token answered']);
  });
});
