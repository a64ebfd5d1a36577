import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs';
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
// The identity endpoint runs in a process of its own, so it notes when a request arrives even while this one is busy loading.
let identity: ChildProcess | undefined;
let identityUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const server = `require('http').createServer((_, res) => { const arrivedAt = Date.now(); setTimeout(() => res.end(JSON.stringify({ arrivedAt })), 20); })
    .listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });`;
  identity = spawn(process.execPath, ['-e', server], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => identity?.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
  identityUrl = `http://127.0.0.1:${port}/token`;
});
afterAll(async () => {
  identity?.kill();
  await new Promise((resolve) => upstream.close(resolve));
});

test("a process's first call sends its token request before it loads axios, also when the call starts in an I/O callback as the host's invocations do", async () => {
  let arrivedAt = 0;
  const credential: TokenCredential = {
    getToken: () =>
      new Promise<AccessToken>((resolve, reject) => {
        http
          .get(identityUrl, (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => {
              arrivedAt = (JSON.parse(body) as { arrivedAt: number }).arrivedAt;
              resolve({ token: 'token', expiresOnTimestamp: Date.now() + 3_600_000 });
            });
          })
          .on('error', reject);
      }),
  };
  let loadStarted = 0;
  await jest.isolateModulesAsync(async () => {
    const axiosBundle = path.join(sdkBundleDir, 'axios.js');
    // Loading axios takes 150 ms here: a request not sent before it arrives after it.
    jest.doMock(axiosBundle, () => {
      loadStarted = Date.now();
      while (Date.now() - loadStarted < 150);
      return jest.requireActual(axiosBundle);
    });
    // Loaded inside the isolated registry, so the client sees the slow axios bundle.
    const { readSettings } = lateLoad<typeof import('../../shared/config/settings')>(require, '../../shared/config/settings')();
    const { LiveTokenSource } = lateLoad<typeof import('../../shared/auth/liveTokenSource')>(require, '../../shared/auth/liveTokenSource')();
    const { LivePlatformClient } = lateLoad<typeof import('../../shared/live-platform/livePlatformClient')>(
      require,
      '../../shared/live-platform/livePlatformClient',
    )();
    const settings = readSettings({ LIVE_PLATFORM_BASE_URL: baseUrl, LIVE_PLATFORM_SCOPE: 'api://x/.default', LIVE_PLATFORM_BUDGET: 'instance' });
    const client = new LivePlatformClient(settings, new LiveTokenSource(credential, settings.scope, 'managed-identity'));
    expect(loadStarted).toBe(0);

    const answer = await new Promise<unknown[]>((resolve, reject) =>
      readFile(__filename, () =>
        client.fetchTenantNumbers('8f9a0c52-5d0e-4c4b-9a55-2d52e1b4a6f1', { channelId: null, correlationId: 'first-call', log }).then(resolve, reject),
      ),
    );
    expect(answer).toEqual([]);
  });
  expect(loadStarted).toBeGreaterThan(0);
  // The token request reached the identity endpoint while axios loaded, not after.
  expect(arrivedAt - loadStarted).toBeLessThan(100);
});
