import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { ManagedIdentityApplication } from '@azure/msal-node';
import { lateLoad } from '../runtime/lateLoad';

/** Loaded on the first token request, not when the worker registers its functions. */
const msal = lateLoad<typeof import('@azure/msal-node')>(require, '@azure/msal-node');

/** When MSAL gives no expiry, the token is asked for again after this long. */
const unknownLifetimeMs = 5 * 60_000;

/**
 * LIVE_PLATFORM_AUTH=managed-identity: tokens from MSAL Node's ManagedIdentityApplication, the
 * library @azure/identity's ManagedIdentityCredential itself delegates to (App Service and
 * Functions, IMDS, Azure Arc, Service Fabric, Cloud Shell). Used directly it costs a cold start
 * about half the CPU of loading @azure/identity, which loads MSAL and the Azure core pipeline
 * besides (docs/performance.md). AZURE_CLIENT_ID picks a user-assigned identity.
 *
 * `afterRefusal`: the Live Platform refused the previous token. MSAL keeps managed-identity tokens
 * in a process-wide cache, so the first request here asks with `forceRefresh`, which replaces the
 * cached token; later requests find the new one in the cache as usual.
 */
export class ManagedIdentityToken implements TokenCredential {
  private app: ManagedIdentityApplication | undefined;

  constructor(
    private readonly clientId: string | undefined,
    private forceRefresh = false,
  ) {}

  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> {
    const resource = (Array.isArray(scopes) ? scopes[0] : scopes) ?? '';
    const { ManagedIdentityApplication } = msal();
    this.app ??= new ManagedIdentityApplication(this.clientId ? { managedIdentityIdParams: { userAssignedClientId: this.clientId } } : {});
    const result = await this.app.acquireToken({ resource, forceRefresh: this.forceRefresh });
    this.forceRefresh = false;
    return { token: result.accessToken, expiresOnTimestamp: result.expiresOn?.getTime() ?? Date.now() + unknownLifetimeMs, tokenType: 'Bearer' };
  }
}
