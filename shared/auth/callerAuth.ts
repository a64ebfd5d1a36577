import type { HttpRequest } from '@azure/functions';
import type { CallerAuthMode, Settings } from '../config/settings';
import { SettingsError } from '../errors/appErrors';
import { CallerUnauthenticatedError, MissingRoleError, SignInUnavailableError } from '../errors/callerErrors';
import type { Logger } from '../logging/logger';
import { lateLoad } from '../runtime/lateLoad';

// jose and axios load with the first token checked, not with every worker start in function-key mode.
const tokenValidation = lateLoad<typeof import('./callerTokenValidator')>(require, './callerTokenValidator');
type CallerTokenValidator = import('./callerTokenValidator').CallerTokenValidator;

/**
 * Who may call which route (docs/deploy.md "Caller sign-in"). In `function-key` mode the host checks
 * the key and every key may do everything but force; in `entra` mode the host lets every request
 * through and this checks the caller's Entra ID token and app roles. Headers a front end could add
 * (`x-ms-client-principal*`) are never read.
 */

export const callerRoles = { read: 'Numbers.Read', request: 'Snapshots.Request', force: 'Snapshots.Force' } as const;
export type CallerRole = (typeof callerRoles)[keyof typeof callerRoles];

export type Caller = { mode: 'function-key' } | { mode: 'entra'; objectId: string; clientId: string | undefined; roles: ReadonlySet<string> };

/** What a route tells about itself: the catalog entry (shared/api) fits. */
export interface ProtectedRoute {
  name: string;
  method: 'GET' | 'POST';
  /** `anonymous` in the catalog: public in every mode (health and the API documents). */
  authLevel: 'anonymous' | 'function';
}

/**
 * CALLER_AUTH as the process started with it: it decides how routes are registered, at module load.
 * Anything but function-key (or unset) counts as entra, so a misspelt value registers routes
 * anonymous and the app then refuses every request naming the setting: it fails closed, never open.
 */
export function callerAuthAtStart(env: NodeJS.ProcessEnv = process.env): CallerAuthMode {
  const value = env['CALLER_AUTH']?.trim() ?? '';
  return value === '' || value === 'function-key' ? 'function-key' : 'entra';
}

const modeAtStart = callerAuthAtStart();

/** The auth level the host registers the route with. */
export function hostAuthLevel(route: ProtectedRoute): 'anonymous' | 'function' {
  return route.authLevel === 'anonymous' || modeAtStart === 'entra' ? 'anonymous' : 'function';
}

/** The app role a route needs in entra mode; null for the public ones. */
export function requiredRole(route: ProtectedRoute): CallerRole | null {
  if (route.authLevel === 'anonymous') return null;
  return route.method === 'GET' ? callerRoles.read : callerRoles.request;
}

let validator: { key: string; instance: CallerTokenValidator } | undefined;

/** One validator (and so one metadata read and one JWKS cache) per process and configuration. */
function validatorFor(tenantId: string, settings: Settings): CallerTokenValidator {
  const config = { tenantId, audiences: settings.callerAudiences, authorityHost: settings.callerAuthorityHost };
  const key = JSON.stringify(config);
  if (validator?.key !== key) validator = { key, instance: new (tokenValidation().CallerTokenValidator)(config) };
  return validator.instance;
}

/**
 * The caller of a request to `route`, or the error that answers it: 401 without a valid token, 403
 * without the route's role, 500 naming the setting when entra mode is misconfigured, 503 when the
 * authority's keys cannot be read. Call it before anything else the request does.
 */
export async function authenticateCaller(request: HttpRequest, route: ProtectedRoute, settings: () => Settings, log: Logger): Promise<Caller> {
  const role = requiredRole(route);
  if (role === null) return { mode: 'function-key' };
  let current: Settings;
  try {
    current = settings();
  } catch (error) {
    // Key mode then and now: the host has checked the key, and the route reports its settings problem
    // itself (healthDeep answers 503 naming it). Any sign of entra: refuse, naming the setting.
    if (modeAtStart === 'function-key' && callerAuthAtStart() === 'function-key') return { mode: 'function-key' };
    throw error;
  }
  if (modeAtStart !== 'entra' && current.callerAuth !== 'entra') return { mode: 'function-key' };
  const tenantId = current.callerTenantId;
  if (current.callerAuth !== 'entra' || tenantId === undefined || current.callerAudiences.length === 0) {
    throw new SettingsError(['CALLER_AUTH was entra when the app started; CALLER_AUTH, CALLER_TENANT_ID and CALLER_AUDIENCE must stay set for entra']);
  }
  const authorizationUri = `${current.callerAuthorityHost}/${tenantId}/oauth2/v2.0/authorize`;
  const resourceId = current.callerAudiences[0] as string;
  const token = bearerToken(request.headers.get('authorization'));
  if (token === undefined) throw new CallerUnauthenticatedError('none', authorizationUri, resourceId);
  const tokenValidator = validatorFor(tenantId, current);
  try {
    const caller = await tokenValidator.validate(token);
    log.info(`Caller ${caller.objectId}${caller.clientId ? ` (client ${caller.clientId})` : ''} calls ${route.name}`);
    if (!caller.roles.has(role)) throw new MissingRoleError(role);
    return { mode: 'entra', ...caller };
  } catch (error) {
    const { AuthorityMismatch, CallerTokenRejected, SigningKeysUnavailable } = tokenValidation();
    if (error instanceof CallerTokenRejected) throw new CallerUnauthenticatedError(error.reason, authorizationUri, resourceId);
    if (error instanceof SigningKeysUnavailable) throw new SignInUnavailableError(error.reason);
    if (error instanceof AuthorityMismatch) throw new SettingsError([error.message]);
    throw error;
  }
}

/** `force=true`: the Snapshots.Force role in entra mode; in function-key mode only with SNAPSHOT_FORCE_WITH_KEY=true. */
export function requireForceRight(caller: Caller, settings: Settings): void {
  if (caller.mode === 'entra') {
    if (!caller.roles.has(callerRoles.force)) throw new MissingRoleError(callerRoles.force);
    return;
  }
  if (!settings.snapshotForceWithKey) throw new MissingRoleError('force-with-key');
}

function bearerToken(header: string | null): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
}
