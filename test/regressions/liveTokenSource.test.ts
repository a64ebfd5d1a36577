import type { AccessToken, TokenCredential } from '@azure/identity';
import { LiveTokenSource } from '../../shared/auth/liveTokenSource';
import { TokenUnavailableError } from '../../shared/errors/upstreamErrors';
import { problemFor } from '../../shared/http/problemMapping';

/**
 * Regressions found by npm run chaos (token faults), fixed in shared/auth/liveTokenSource.ts:
 * - an identity endpoint that never answered held the shared refresh forever: every later call,
 *   even after the endpoint recovered, waited on it and timed out until the process restarted;
 * - a token the Live Platform refused stayed in use until its own expiry (up to an hour of 502s):
 *   `invalidate` now drops it, and the credential with its token cache.
 */

const hour = 3_600_000;
const token = (value: string): AccessToken => ({ token: value, expiresOnTimestamp: Date.now() + hour });

describe('LiveTokenSource', () => {
  test('a token request that never answers is given up: its callers get "no token", and a later call asks again', async () => {
    let calls = 0;
    const credential: TokenCredential = {
      getToken: () => (++calls === 1 ? new Promise<AccessToken>(() => undefined) : Promise.resolve(token('second'))),
    };
    const source = new LiveTokenSource(credential, 'api://x/.default', 'managed-identity', { refreshTimeoutMs: 300 });

    // The caller's own wait (150 ms) ends its wait, not the refresh's (300 ms): it is answered
    // while the hung request is still held, as the next lines show (no new credential call).
    const first = source.getToken(150);
    await expect(first).rejects.toBeInstanceOf(TokenUnavailableError);
    expect(await first.catch(problemFor)).toMatchObject({ status: 503, detail: expect.stringMatching(/managed-identity credential/) });

    // Still within refreshTimeoutMs: the hung request is still the one to wait for.
    await expect(source.getToken(50)).rejects.toBeInstanceOf(TokenUnavailableError);
    expect(calls).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await source.getToken(1000)).toBe('second');
    expect(calls).toBe(2);
  });

  test('invalidate drops a refused token and the credential holding it, so the next call gets a new one', async () => {
    const created: string[] = [];
    const factory = (): TokenCredential => {
      const name = `credential-${created.length + 1}`;
      created.push(name);
      return { getToken: async () => token(`${name}-token`) };
    };
    const source = new LiveTokenSource(factory, 'api://x/.default', 'client-secret');
    expect(await source.getToken()).toBe('credential-1-token');
    expect(await source.getToken()).toBe('credential-1-token');

    source.invalidate('credential-1-token');
    expect(await source.getToken()).toBe('credential-2-token');

    // A token already replaced is not dropped again by a late report about it.
    source.invalidate('credential-1-token');
    expect(await source.getToken()).toBe('credential-2-token');
    expect(created).toHaveLength(2);
  });

  test('a failing credential still answers 503 naming the mode, and a later call tries again', async () => {
    let calls = 0;
    const credential: TokenCredential = {
      getToken: async () => {
        calls += 1;
        if (calls === 1) throw new Error('endpoint answered 500');
        return token('after');
      },
    };
    const source = new LiveTokenSource(credential, 'api://x/.default', 'federated');
    expect(await source.getToken().catch(problemFor)).toMatchObject({
      status: 503,
      problemType: 'token-unavailable',
      detail: expect.stringMatching(/federated credential/),
    });
    expect(await source.getToken()).toBe('after');
  });
});
