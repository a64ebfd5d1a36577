import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { CALLER_API_AUDIENCE, CALLER_OBJECT_ID, FOREIGN_TENANT_ID, SANDBOX_DIRECTORY_TENANT_ID } from '../../sandbox/identities';
import { callerToken } from '../support/callerTokens';

// The sandbox authority's caller tokens are what the app's CALLER_AUTH=entra validation is tested
// against, so their own shape is checked here with jose directly, against the published JWKS.

const host = () => process.env['LIVE_PLATFORM_AUTHORITY_HOST'] as string;
const v2Issuer = () => `${host()}/${SANDBOX_DIRECTORY_TENANT_ID}/v2.0`;

async function published(): Promise<{ metadata: Record<string, unknown>; jwks: JSONWebKeySet }> {
  const metadata = (await (await fetch(`${v2Issuer()}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
  const jwks = (await (await fetch(metadata['jwks_uri'] as string)).json()) as JSONWebKeySet;
  return { metadata, jwks };
}

describe('sandbox caller tokens', () => {
  it('publishes one RS256 signing key in the JWKS its OpenID metadata names', async () => {
    const { metadata, jwks } = await published();
    expect(metadata['issuer']).toBe(v2Issuer());
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String), n: expect.any(String), e: 'AQAB' })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('issues tokens that verify against the JWKS, with the roles asked for, v2 or v1 issuer', async () => {
    const { jwks } = await published();
    const keys = createLocalJWKSet(jwks);
    const v2 = await jwtVerify(await callerToken({ roles: ['Numbers.Read'] }), keys, {
      algorithms: ['RS256'],
      audience: CALLER_API_AUDIENCE,
      issuer: v2Issuer(),
    });
    expect(v2.payload).toMatchObject({ roles: ['Numbers.Read'], oid: CALLER_OBJECT_ID, tid: SANDBOX_DIRECTORY_TENANT_ID, ver: '2.0' });
    const v1 = await jwtVerify(await callerToken({ version: 1 }), keys, { issuer: `https://sts.windows.net/${SANDBOX_DIRECTORY_TENANT_ID}/` });
    expect(v1.payload['roles']).toBeUndefined();
  });

  it('makes each fault what it says', async () => {
    const { jwks } = await published();
    const keys = createLocalJWKSet(jwks);
    const now = Math.floor(Date.now() / 1000);
    expect(decodeJwt(await callerToken({ fault: 'expired' })).exp).toBeLessThan(now - 300);
    expect(decodeJwt(await callerToken({ fault: 'notYetValid' })).nbf).toBeGreaterThan(now + 300);
    expect(decodeJwt(await callerToken({ fault: 'wrongAudience' })).aud).not.toBe(CALLER_API_AUDIENCE);
    expect(decodeJwt(await callerToken({ fault: 'wrongIssuer' })).iss).toBe(`${host()}/${FOREIGN_TENANT_ID}/v2.0`);
    expect(decodeProtectedHeader(await callerToken({ fault: 'algNone' })).alg).toBe('none');
    expect(decodeProtectedHeader(await callerToken({ fault: 'hs256PublicKey' }))).toMatchObject({ alg: 'HS256', kid: jwks.keys[0]?.kid });
    const unknownKid = await callerToken({ fault: 'unknownKid' });
    expect(decodeProtectedHeader(unknownKid).kid).not.toBe(jwks.keys[0]?.kid);
    await expect(jwtVerify(unknownKid, keys)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    const foreign = await callerToken({ fault: 'foreignKey' });
    expect(decodeProtectedHeader(foreign).kid).toBe(jwks.keys[0]?.kid);
    await expect(jwtVerify(foreign, keys)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('refuses a request it cannot honour', async () => {
    const response = await fetch(`${process.env['SANDBOX_CONTROL_URL']}/_sandbox/caller-tokens`, {
      method: 'POST',
      body: JSON.stringify({ fault: 'everything' }),
    });
    expect(response.status).toBe(400);
  });
});
