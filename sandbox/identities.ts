/**
 * Fixed identities of the sandbox world, so logs and token claims read the same on every run.
 * None of these exist in any real directory.
 */

/** The service provider's Entra tenant that owns the app registration and the managed identity. */
export const SANDBOX_DIRECTORY_TENANT_ID = '5a4db0c0-0000-4000-8000-00000000d1e0';

/** Object id (oid/sub) of the app's managed identity; also the subject its federated credential trusts. */
export const MANAGED_IDENTITY_OBJECT_ID = '5a4db0c0-0000-4000-8000-0000000000b1';

/** Client id of the system-assigned managed identity (used when the caller names none). */
export const MANAGED_IDENTITY_CLIENT_ID = '5a4db0c0-0000-4000-8000-0000000000c1';

/** Default app registration (the one AudioCodes documents client id + secret for). */
export const SANDBOX_APP_CLIENT_ID = '5a4db0c0-0000-4000-8000-0000000000a1';

/** Audience of the Live Platform API in AudioCodes' documentation. */
export const LIVE_PLATFORM_AUDIENCE = 'api://9d576dc4-b85d-4571-880e-4c6ed4c08c31';

/** Audience Entra requires on a managed-identity token used as a federated client assertion. */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

export interface SandboxApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** Client id of the OC Numbers API's own app registration (what callers ask tokens for). */
export const CALLER_API_CLIENT_ID = '5a4db0c0-0000-4000-8000-0000000000f1';

/** App id URI of that registration: the `aud` of sandbox caller tokens (CALLER_AUDIENCE). */
export const CALLER_API_AUDIENCE = 'api://oc-numbers-sandbox';

/** Object id (oid/sub) of the signed-in caller the sandbox issues tokens for, unless told otherwise. */
export const CALLER_OBJECT_ID = '5a4db0c0-0000-4000-8000-0000000000c5';

/** The Entra tenant that is not the callers' (wrong-issuer tokens). */
export const FOREIGN_TENANT_ID = '5a4db0c0-0000-4000-8000-00000000f0e1';
