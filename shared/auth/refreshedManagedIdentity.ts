import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { identitySdk } from '../sdk/bundledSdk';

/**
 * A managed-identity credential whose first token is a new one. MSAL keeps managed-identity
 * tokens in a process-wide cache and @azure/identity asks it for neither `forceRefresh` nor
 * `claims`, so after the Live Platform refused a token even a new ManagedIdentityCredential would
 * return it until near its expiry. The first request here asks MSAL (the library
 * @azure/identity uses) with `forceRefresh`, which replaces the cached token; later requests go
 * through `inner` as usual and find the new one.
 */
export class RefreshedManagedIdentity implements TokenCredential {
  private refreshed = false;

  constructor(
    private readonly inner: TokenCredential,
    private readonly clientId: string | undefined,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    if (this.refreshed) return this.inner.getToken(scopes, options);
    const resource = (Array.isArray(scopes) ? scopes[0] : scopes) ?? '';
    // MSAL from the identity bundle: the copy whose cache the credentials read (shared/sdk/identity.ts).
    const { ManagedIdentityApplication } = identitySdk();
    const app = new ManagedIdentityApplication(this.clientId ? { managedIdentityIdParams: { userAssignedClientId: this.clientId } } : {});
    const result = await app.acquireToken({ resource, forceRefresh: true });
    this.refreshed = true;
    return { token: result.accessToken, expiresOnTimestamp: result.expiresOn?.getTime() ?? Date.now() + 5 * 60_000, tokenType: 'Bearer' };
  }
}
