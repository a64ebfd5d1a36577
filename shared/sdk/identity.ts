/**
 * What the app uses of @azure/identity, and MSAL's managed-identity client from the same copy:
 * the entry of the bundle dist/sdk/identity.js (scripts/bundle-sdks.mjs). MSAL keeps
 * managed-identity tokens in a cache per copy of the library, so the forced refresh after a
 * refused token (refreshedManagedIdentity.ts) must reach the very copy the credentials use.
 */
export { ClientAssertionCredential, ClientSecretCredential, DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
export { ManagedIdentityApplication } from '@azure/msal-node';
