import type { ManagedIdentityCredential, TokenCredential } from '@azure/identity';
import type { Settings } from '../config/settings';
import { identitySdk } from '../sdk/bundledSdk';
import { RefreshedManagedIdentity } from './refreshedManagedIdentity';

/** The audience Entra expects for a managed identity token used as a federated client assertion. */
export const tokenExchangeScope = 'api://AzureADTokenExchange/.default';

function managedIdentity(settings: Settings): ManagedIdentityCredential {
  const { ManagedIdentityCredential } = identitySdk();
  return settings.managedIdentityClientId ? new ManagedIdentityCredential({ clientId: settings.managedIdentityClientId }) : new ManagedIdentityCredential();
}

/**
 * The app's own identity for Azure services it calls itself (Event Grid): its managed identity,
 * or on a developer machine (LIVE_PLATFORM_AUTH=default) whatever DefaultAzureCredential finds.
 */
export function createAppIdentityCredential(settings: Settings): TokenCredential {
  if (settings.auth !== 'default') return managedIdentity(settings);
  const { DefaultAzureCredential } = identitySdk();
  return new DefaultAzureCredential(settings.managedIdentityClientId ? { managedIdentityClientId: settings.managedIdentityClientId } : {});
}

/** A configured authority (sovereign cloud or local test authority) is trusted as is: no instance discovery. */
function authorityOptions(settings: Settings) {
  return settings.authorityHost ? { authorityHost: settings.authorityHost, disableInstanceDiscovery: true } : {};
}

/**
 * Builds the credential for LIVE_PLATFORM_AUTH. Settings validation guarantees the ids each mode
 * needs. `afterRefusal`: the Live Platform refused the previous credential's token, so this one
 * must not serve it again (a new client-secret or federated credential has an empty cache; a
 * managed identity's cache is process-wide, so its first token is forced new).
 */
export function createLiveCredential(settings: Settings, afterRefusal = false): TokenCredential {
  const { ClientAssertionCredential, ClientSecretCredential, DefaultAzureCredential } = identitySdk();
  const tenantId = settings.appTenantId as string;
  const clientId = settings.appClientId as string;
  switch (settings.auth) {
    case 'managed-identity':
      return afterRefusal ? new RefreshedManagedIdentity(managedIdentity(settings), settings.managedIdentityClientId) : managedIdentity(settings);
    case 'federated': {
      const identity = managedIdentity(settings);
      const assertion = async () => {
        const token = await identity.getToken(tokenExchangeScope);
        if (!token) throw new Error('The managed identity returned no token for api://AzureADTokenExchange');
        return token.token;
      };
      return new ClientAssertionCredential(tenantId, clientId, assertion, authorityOptions(settings));
    }
    case 'client-secret':
      return new ClientSecretCredential(tenantId, clientId, settings.appClientSecret as string, authorityOptions(settings));
    case 'default':
      return new DefaultAzureCredential(settings.managedIdentityClientId ? { managedIdentityClientId: settings.managedIdentityClientId } : {});
  }
}
