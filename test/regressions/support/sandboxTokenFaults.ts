import type { TokenFaultSpec } from '../../../sandbox/tokenFaults';
import { controlUrl } from '../../support/sandboxControl';

export { EXPIRED_TOKEN_AGE_SECONDS, TOKEN_FAULT_KINDS, WRONG_TOKEN_AUDIENCE } from '../../../sandbox/tokenFaults';
export type { TokenFaultKind, TokenFaultSpec } from '../../../sandbox/tokenFaults';

/**
 * Arms a fault on the sandbox's token endpoints (managed identity and Entra authority) for tokens
 * of the Live Platform audience. The sandbox is shared by every jest worker: in `npm test`, always
 * scope the fault with `clientId` (a unique managed-identity client id) so no other test meets it.
 */
export async function setTokenFault(spec: TokenFaultSpec): Promise<void> {
  const response = await fetch(`${controlUrl()}/_sandbox/token-faults`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(spec),
  });
  if (!response.ok) throw new Error(`sandbox control PUT /token-faults answered ${response.status}: ${await response.text()}`);
}

export async function clearTokenFault(): Promise<void> {
  const response = await fetch(`${controlUrl()}/_sandbox/token-faults`, { method: 'DELETE' });
  if (!response.ok) throw new Error(`sandbox control DELETE /token-faults answered ${response.status}`);
}
