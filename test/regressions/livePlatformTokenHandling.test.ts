import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { LiveTokenSource } from '../../shared/auth/liveTokenSource';
import { readSettings } from '../../shared/config/settings';
import { problemFor } from '../../shared/http/problemMapping';
import { LivePlatformClient } from '../../shared/live-platform/livePlatformClient';
import type { Logger } from '../../shared/logging/logger';

/**
 * Regressions found by npm run chaos (token faults) in shared/live-platform/livePlatformClient.ts.
 * Fixed there (issue 7); these keep them fixed:
 * - a token the Live Platform refused (401) was presented again on every later call until it
 *   expired: the client must tell the token source (`invalidate`), so the next call gets a new one;
 * - an identity endpoint that did not answer before the deadline gave a 504 saying "the Live
 *   Platform did not answer", which it was never asked: it is "no token" (503 naming the mode).
 */

const hour = 3_600_000;
const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const call = { channelId: null, correlationId: 'regression', log };

let upstreamCalls = 0;
// Accepts only the token "good"; anything else is refused as the Live Platform refuses a bad token.
const upstream = http.createServer((request, response) => {
  upstreamCalls += 1;
  if (request.headers.authorization === 'Bearer good') response.writeHead(200, { 'Content-Type': 'application/json' }).end('[]');
  else response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"message":"Authorization has been denied for this request."}');
});
let baseUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => upstream.close(resolve)));

const settings = (timeoutMs: number) =>
  readSettings({
    LIVE_PLATFORM_BASE_URL: baseUrl,
    LIVE_PLATFORM_SCOPE: 'api://x/.default',
    LIVE_PLATFORM_RETRIES: '0',
    LIVE_PLATFORM_TIMEOUT_MS: String(timeoutMs),
  });

describe('the Live Platform client and its tokens', () => {
  test('a token the Live Platform refused is not presented again: the next call gets a new one', async () => {
    // The credential's first token is refused (another audience, a clock ahead of ours, …); its cache would keep serving it.
    const issued = ['bad', 'good'];
    const factory = (): TokenCredential => {
      const value = issued.shift() ?? 'good';
      return { getToken: async (): Promise<AccessToken> => ({ token: value, expiresOnTimestamp: Date.now() + hour }) };
    };
    const client = new LivePlatformClient(settings(2000), new LiveTokenSource(factory, 'api://x/.default', 'client-secret'));
    upstreamCalls = 0;
    expect(await client.fetchTenantNumbers('8f9a0c52-5d0e-4c4b-9a55-2d52e1b4a6f1', call).catch(problemFor)).toMatchObject({
      status: 502,
      problemType: 'upstream-credentials-rejected',
    });
    // Still one upstream call per lookup: the refusal is answered as 502 at once, not retried.
    expect(upstreamCalls).toBe(1);
    await expect(client.fetchTenantNumbers('8f9a0c52-5d0e-4c4b-9a55-2d52e1b4a6f1', call)).resolves.toEqual([]);
  });

  test('a token that does not come before the deadline is "no token" (503 naming the mode), not a Live Platform timeout', async () => {
    let asked = 0;
    const hung: TokenCredential = {
      getToken: () => {
        asked += 1;
        return new Promise<AccessToken>(() => undefined);
      },
    };
    // The real token source, with the waits the client gives it written down.
    const waits: number[] = [];
    class WaitRecordingTokenSource extends LiveTokenSource {
      override getToken(waitMs?: number): Promise<string> {
        waits.push(waitMs ?? Number.NaN);
        return super.getToken(waitMs);
      }
    }
    const client = new LivePlatformClient(settings(400), new WaitRecordingTokenSource(hung, 'api://x/.default', 'managed-identity', { refreshTimeoutMs: 400 }));
    upstreamCalls = 0;
    // The credential never answers, so an answer at all shows the wait was given up.
    expect(await client.fetchTenantNumbers('8f9a0c52-5d0e-4c4b-9a55-2d52e1b4a6f1', call).catch(problemFor)).toMatchObject({
      status: 503,
      problemType: 'token-unavailable',
      detail: expect.stringMatching(/managed-identity credential/),
    });
    // One wait for the token, bounded by what is left of the call's deadline (LIVE_PLATFORM_TIMEOUT_MS).
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(400);
    expect(asked).toBe(1);
    expect(upstreamCalls).toBe(0);
  });
});
