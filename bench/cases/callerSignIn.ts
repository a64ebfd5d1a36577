import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import type { HttpHandler } from '@azure/functions';
import { clearSettingsCache } from '../../shared/config/settings';
import { CALLER_API_AUDIENCE } from '../../sandbox/identities';
import { scaleTenantId } from '../../sandbox/tenants';
import type { SandboxEndpoints } from '../support/benchEnvironment';
import { invokeHttp } from '../support/invokeHandler';
import { formatMs, formatRatio, type ResultRow } from '../support/resultRow';
import { compare } from '../support/timing';
import { coldStart } from './coldStart';

const target = 1.25;

/** The sandbox authority's certificate, trusted by this process (the bench starts without NODE_EXTRA_CA_CERTS). */
function trustAuthority(caCertPath: string): void {
  const pem = readFileSync(caCertPath, 'utf8');
  const original = tls.createSecureContext;
  tls.createSecureContext = (options?: tls.SecureContextOptions) => {
    const context = original(options);
    if (options?.ca === undefined) (context.context as { addCACert(cert: string): void }).addCACert(pem);
    return context;
  };
}

async function callerToken(sandbox: SandboxEndpoints): Promise<string> {
  const response = await fetch(`${sandbox.liveBaseUrl}/_sandbox/caller-tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ roles: ['Numbers.Read'] }),
  });
  if (!response.ok) throw new Error(`sandbox caller-tokens answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * CALLER_AUTH=entra: the cost of checking a caller's token (RS256 signature against the cached JWKS,
 * claims) on a lookup answered from the result cache, against the same lookup in function-key mode;
 * and a cold start with entra on (jose loads with the first token, not at registration).
 */
export async function callerSignIn(handler: HttpHandler, sandbox: SandboxEndpoints, appEnv: Record<string, string>): Promise<ResultRow[]> {
  trustAuthority(sandbox.caCertPath);
  const entra = {
    CALLER_AUTH: 'entra',
    CALLER_TENANT_ID: sandbox.directoryTenantId,
    CALLER_AUDIENCE: CALLER_API_AUDIENCE,
    CALLER_AUTHORITY_HOST: sandbox.authorityHost,
  };
  const runs = 41;
  const warmups = 5;
  const token = await callerToken(sandbox);
  // A new token for every measured call: what a caller's first request with a token costs.
  const fresh = await Promise.all(Array.from({ length: runs + warmups }, () => callerToken(sandbox)));
  // Only the settings switch between the two sides: the result cache, client and JWKS stay warm.
  const mode = (on: boolean) => {
    for (const [name, value] of Object.entries(entra)) {
      if (on) process.env[name] = value;
      else delete process.env[name];
    }
    clearSettingsCache();
  };
  const msTenantId = scaleTenantId(1_000);
  const path = `tenants/${msTenantId}/numbers`;
  const keyMode = async () => {
    mode(false);
    return invokeHttp(handler, path, { msTenantId });
  };
  const withToken = (next: () => string) => async () => {
    mode(true);
    return invokeHttp(handler, path, { msTenantId }, { authorization: `Bearer ${next()}` });
  };
  const row = (label: string, result: { measuredMs: number; baselineMs: number }): ResultRow => {
    const ratio = result.measuredMs / result.baselineMs;
    return {
      case: `caller token checked (CALLER_AUTH=entra), ${label}, cached lookup of 1k numbers`,
      measured: formatMs(result.measuredMs),
      baseline: `${formatMs(result.baselineMs)} function-key mode`,
      ratio: formatRatio(ratio),
      target: `≤ ${target}×`,
      holds: ratio <= target,
    };
  };
  const repeated = row('a token already verified', await compare({ warmups, runs, measured: withToken(() => token), baseline: keyMode }));
  let next = 0;
  const first = await compare({ warmups, runs, measured: withToken(() => fresh[next++] as string), baseline: keyMode });
  mode(false);
  // Signature verification (RSA on the libuv thread pool) has no target of its own: it is paid once per token.
  const firstUse: ResultRow = { ...row('a new token every call', first), target: 'reported', holds: null };
  return [repeated, firstUse, await coldStart({ ...appEnv, ...entra }, ' with CALLER_AUTH=entra')];
}
