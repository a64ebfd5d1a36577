import { isPlainObject } from './http';

/**
 * Faults on token issuance, armed through `PUT /_sandbox/token-faults`. They apply to the tokens
 * both token endpoints (managed identity, Entra authority) issue for the Live Platform audience,
 * so the app's real credential receives a token the Live Platform then refuses, or no token:
 *   expired        the token's `exp` has passed while the endpoint reports the usual lifetime
 *                  (the identity endpoint's clock and the Live Platform's disagree);
 *   wrongAudience  a token for another resource, with the usual lifetime;
 *   500            the endpoint answers 500;
 *   hang           the endpoint never answers.
 * Tokens for other audiences (the federated assertion for api://AzureADTokenExchange) are left alone.
 */

export const TOKEN_FAULT_KINDS = ['expired', 'wrongAudience', '500', 'hang'] as const;

export type TokenFaultKind = (typeof TOKEN_FAULT_KINDS)[number];

export interface TokenFaultSpec {
  fault: TokenFaultKind;
  /** How many token requests it applies to; absent = until cleared. */
  times?: number;
  /**
   * Only token requests for this client id (the managed identity's `client_id`, or the app
   * registration's in Entra): lets one test arm a fault without touching others sharing the sandbox.
   */
  clientId?: string;
}

/** The audience `wrongAudience` tokens carry. */
export const WRONG_TOKEN_AUDIENCE = 'api://sandbox-some-other-resource';

/** Seconds in the past the `exp` of an `expired` token lies. */
export const EXPIRED_TOKEN_AGE_SECONDS = 120;

export function parseTokenFaultSpec(body: unknown): TokenFaultSpec | string {
  if (!isPlainObject(body)) return 'body must be a JSON object';
  const fault = typeof body['fault'] === 'number' ? String(body['fault']) : body['fault'];
  if (typeof fault !== 'string' || !(TOKEN_FAULT_KINDS as readonly string[]).includes(fault)) {
    return `fault must be one of ${TOKEN_FAULT_KINDS.join(', ')}`;
  }
  const spec: TokenFaultSpec = { fault: fault as TokenFaultKind };
  const times = body['times'];
  if (times !== undefined && times !== null) {
    if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) return 'times must be an integer of at least 1';
    spec.times = times;
  }
  const clientId = body['clientId'];
  if (clientId !== undefined && clientId !== null) {
    if (typeof clientId !== 'string' || clientId === '') return 'clientId must be a non-empty string';
    spec.clientId = clientId;
  }
  return spec;
}

/** One slot for the whole sandbox: token endpoints serve every tenant alike. */
export class TokenFaultBook {
  private armed: TokenFaultSpec | undefined;

  set(spec: TokenFaultSpec): void {
    this.armed = { ...spec };
  }

  clear(): void {
    this.armed = undefined;
  }

  /** The fault for this token request (for `clientId`), if any, counting it against `times`. */
  take(clientId: string): TokenFaultSpec | undefined {
    const spec = this.armed;
    if (!spec) return undefined;
    if (spec.clientId !== undefined && spec.clientId.toLowerCase() !== clientId.toLowerCase()) return undefined;
    const taken = { ...spec };
    if (spec.times !== undefined) {
      spec.times -= 1;
      if (spec.times <= 0) this.armed = undefined;
    }
    return taken;
  }
}
