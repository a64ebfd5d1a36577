import { CallerTokenRejected, CallerTokenValidator } from '../../shared/auth/callerTokenValidator';
import { CALLER_API_AUDIENCE, SANDBOX_DIRECTORY_TENANT_ID } from '../../sandbox/identities';
import { callerToken } from '../support/callerTokens';

// The validator against the sandbox authority, on its own: what the per-token cache keeps and refuses.
const validator = () =>
  new CallerTokenValidator({
    tenantId: SANDBOX_DIRECTORY_TENANT_ID,
    audiences: [CALLER_API_AUDIENCE],
    authorityHost: process.env['LIVE_PLATFORM_AUTHORITY_HOST'] as string,
  });

afterEach(() => jest.restoreAllMocks());

describe('CallerTokenValidator', () => {
  test('a token verified once is still refused when its time is up', async () => {
    const checker = validator();
    const token = await callerToken({ roles: ['Numbers.Read'] });
    expect((await checker.validate(token)).roles.has('Numbers.Read')).toBe(true);
    expect((await checker.validate(token)).objectId).toBeDefined();
    const later = Date.now() + 2 * 3600_000;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    await expect(checker.validate(token)).rejects.toEqual(new CallerTokenRejected('expired'));
  });

  test('a token changed after it was verified is another token: verified again, and refused', async () => {
    const checker = validator();
    const token = await callerToken({ roles: ['Numbers.Read'] });
    await checker.validate(token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['Snapshots.Force'] })).toString('base64url')}.${signature}`;
    await expect(checker.validate(forged)).rejects.toEqual(new CallerTokenRejected('signature'));
  });
});
