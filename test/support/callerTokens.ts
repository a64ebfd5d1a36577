import type { CallerTokenRequest } from '../../sandbox/callerTokens';
import { CALLER_API_AUDIENCE, SANDBOX_DIRECTORY_TENANT_ID } from '../../sandbox/identities';
import { useSettings } from './appState';
import { controlUrl } from './sandboxControl';

export { callerTokenFaults, type CallerTokenFault, type CallerTokenRequest } from '../../sandbox/callerTokens';
export { CALLER_API_AUDIENCE, CALLER_OBJECT_ID } from '../../sandbox/identities';

/** A caller token from the sandbox's Entra stand-in: RS256 with the key its JWKS publishes, unless a fault says otherwise. */
export async function callerToken(request: CallerTokenRequest = {}): Promise<string> {
  const response = await fetch(`${controlUrl()}/_sandbox/caller-tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!response.ok) throw new Error(`sandbox caller-tokens answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The settings of CALLER_AUTH=entra against the sandbox authority, plus any overrides. */
export function entraSettings(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    CALLER_AUTH: 'entra',
    CALLER_TENANT_ID: SANDBOX_DIRECTORY_TENANT_ID,
    CALLER_AUDIENCE: CALLER_API_AUDIENCE,
    CALLER_AUTHORITY_HOST: process.env['LIVE_PLATFORM_AUTHORITY_HOST'],
    ...overrides,
  };
}

export function useEntraSettings(overrides: Record<string, string | undefined> = {}): void {
  useSettings(entraSettings(overrides));
}
