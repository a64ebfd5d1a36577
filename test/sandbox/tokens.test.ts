import { TokenSigner, nowSeconds, resourceFromScope, type SandboxClaims } from '../../sandbox/tokens';

function claims(overrides: Partial<SandboxClaims> = {}): SandboxClaims {
  const now = nowSeconds();
  return { aud: 'api://audience', iss: 'https://issuer/', sub: 'subject', iat: now, nbf: now, exp: now + 60, ...overrides };
}

describe('sandbox token signer', () => {
  const signer = new TokenSigner();

  it('accepts its own token for the right audience and returns the claims', () => {
    const result = signer.verify(signer.sign(claims({ appid: 'app' })), 'api://audience');
    expect(result.ok).toBe(true);
    expect(result.ok && result.claims['appid']).toBe('app');
  });

  it('rejects a token for another audience', () => {
    expect(signer.verify(signer.sign(claims()), 'api://other')).toEqual({ ok: false, reason: 'audience' });
  });

  it('rejects a token whose exp has passed', () => {
    const token = signer.sign(claims({ exp: nowSeconds() - 1 }));
    expect(signer.verify(token, 'api://audience')).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects a token signed with another key', () => {
    const token = new TokenSigner().sign(claims());
    expect(signer.verify(token, 'api://audience')).toEqual({ ok: false, reason: 'signature' });
  });

  it('rejects a token whose payload was changed after signing', () => {
    const [header, , signature] = signer.sign(claims()).split('.');
    const forgedPayload = Buffer.from(JSON.stringify(claims({ sub: 'admin' }))).toString('base64url');
    expect(signer.verify(`${header}.${forgedPayload}.${signature}`, 'api://audience')).toEqual({ ok: false, reason: 'signature' });
  });

  it('rejects an unsigned alg=none token and garbage', () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`;
    expect(signer.verify(none, 'api://audience')).toEqual({ ok: false, reason: 'malformed' });
    expect(signer.verify('not-a-jwt', 'api://audience')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('turns a /.default scope into its resource and leaves a resource alone', () => {
    expect(resourceFromScope('api://9d576dc4-b85d-4571-880e-4c6ed4c08c31/.default')).toBe('api://9d576dc4-b85d-4571-880e-4c6ed4c08c31');
    expect(resourceFromScope('api://AzureADTokenExchange')).toBe('api://AzureADTokenExchange');
  });
});
