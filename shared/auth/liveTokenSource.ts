import type { AccessToken, TokenCredential } from '@azure/identity';
import { TokenUnavailableError } from '../errors/upstreamErrors';
import type { AuthMode, Settings } from '../config/settings';
import { createLiveCredential } from './createLiveCredential';

/** Refresh this long before expiry so a token never expires on the way to the Live Platform. */
const refreshMarginMs = 5 * 60 * 1000;

/** How long one token request may take by default before it is given up (settings give LIVE_PLATFORM_TIMEOUT_MS). */
const defaultRefreshTimeoutMs = 15_000;

/** Retry-After of a token failure, unless the credential will not ask again for longer. */
const tokenRetryAfterSeconds = 30;

/**
 * After Entra answers 5xx or 429, MSAL's confidential clients (client secret, federated assertion,
 * and DefaultAzureCredential's environment credential) refuse to send the same token request again
 * for its Retry-After or, without one, 60 s (msal-common ThrottlingUtils), answering from memory.
 */
const msalThrottleMs = 60_000;
const throttlingModes: ReadonlySet<AuthMode> = new Set(['client-secret', 'federated', 'default']);

/** Entra (not the request) failed: an HTTP 5xx or 429 somewhere in the error's causes, or the AADSTS code of a transient error. */
function entraUnavailable(error: unknown): boolean {
  for (
    let current: unknown = error, depth = 0;
    current && typeof current === 'object' && depth < 5;
    current = (current as { cause?: unknown }).cause, depth++
  ) {
    const { status, statusCode, errorCode, message } = current as { status?: unknown; statusCode?: unknown; errorCode?: unknown; message?: unknown };
    for (const value of [status, statusCode]) if (typeof value === 'number' && (value >= 500 || value === 429)) return true;
    if (typeof errorCode === 'string' && /temporarily_unavailable|service_unavailable/.test(errorCode)) return true;
    if (typeof message === 'string' && /temporarily_unavailable|service_unavailable|AADSTS90033\b/.test(message.slice(0, 500))) return true;
  }
  return false;
}

export interface LiveTokenSourceOptions {
  /**
   * A token request still unanswered after this long is given up: its waiters get
   * TokenUnavailableError and the next caller starts a new request. Without it, one request to an
   * identity endpoint that never answers would hold every later caller until the process restarts.
   */
  refreshTimeoutMs?: number;
}

/**
 * One credential per process; its token is reused until near expiry and concurrent refreshes are
 * merged. A token the Live Platform refused is dropped (`invalidate`), with the credential, so the
 * next call asks for a new one instead of presenting the refused token until it expires.
 */
export class LiveTokenSource {
  private current: AccessToken | undefined;
  private refreshing: Promise<AccessToken> | undefined;
  private credential: TokenCredential;
  private readonly createCredential: ((afterRefusal: boolean) => TokenCredential) | undefined;
  private readonly refreshTimeoutMs: number;
  /** Until when the credential's library will not ask Entra again (see msalThrottleMs). */
  private throttledUntil = 0;

  constructor(
    credential: TokenCredential | ((afterRefusal: boolean) => TokenCredential),
    private readonly scope: string,
    readonly mode: AuthMode,
    options: LiveTokenSourceOptions = {},
  ) {
    this.createCredential = typeof credential === 'function' ? credential : undefined;
    this.credential = typeof credential === 'function' ? credential(false) : credential;
    this.refreshTimeoutMs = options.refreshTimeoutMs ?? defaultRefreshTimeoutMs;
  }

  /**
   * The current token, refreshed when near expiry. `waitMs` bounds this caller's wait (its own
   * deadline): past it, TokenUnavailableError — a token that did not come is "no token", named
   * by credential mode, whichever endpoint was slow.
   */
  async getToken(waitMs: number = this.refreshTimeoutMs): Promise<string> {
    if (this.current && this.current.expiresOnTimestamp - refreshMarginMs > Date.now()) return this.current.token;
    this.refreshing ??= this.startRefresh();
    return (await this.within(this.refreshing, waitMs)).token;
  }

  /**
   * The Live Platform refused `token` (401/403): forget it and the credential that holds it in
   * its cache, so the next call gets a new token. A token already replaced is left alone.
   */
  invalidate(token: string): void {
    if (this.current?.token !== token) return;
    this.current = undefined;
    if (this.createCredential) this.credential = this.createCredential(true);
  }

  private startRefresh(): Promise<AccessToken> {
    const attempt = this.refresh();
    const bounded = this.within(attempt, this.refreshTimeoutMs).then((token) => {
      // A refresh given up on (or one that followed an invalidate) does not overwrite a newer state.
      if (this.refreshing === bounded) this.current = token;
      return token;
    });
    const clear = (): void => {
      if (this.refreshing === bounded) this.refreshing = undefined;
    };
    bounded.then(clear, clear);
    // A request given up on may still fail later, with no one waiting for it.
    attempt.catch(() => undefined);
    return bounded;
  }

  private async refresh(): Promise<AccessToken> {
    let token: AccessToken | null;
    try {
      token = await this.credential.getToken(this.scope);
    } catch (error) {
      throw new TokenUnavailableError(this.mode, errorSummary(error), this.retryAfterSeconds(error));
    }
    if (!token) throw new TokenUnavailableError(this.mode, 'the credential returned no token');
    return token;
  }

  /** A caller told to come back must not come back while the credential still answers from its throttle. */
  private retryAfterSeconds(error: unknown): number {
    const now = Date.now();
    if (throttlingModes.has(this.mode) && now >= this.throttledUntil && entraUnavailable(error)) this.throttledUntil = now + msalThrottleMs;
    return now < this.throttledUntil ? Math.max(tokenRetryAfterSeconds, Math.ceil((this.throttledUntil - now) / 1000)) : tokenRetryAfterSeconds;
  }

  private within(promise: Promise<AccessToken>, ms: number): Promise<AccessToken> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TokenUnavailableError(this.mode, `no token within ${ms} ms`)), Math.max(0, ms));
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

/** Credential errors can quote request details; keep the name and the first line only. */
function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  return `${error.name}: ${error.message.split('\n')[0]?.slice(0, 300) ?? ''}`;
}

let processTokenSource: LiveTokenSource | undefined;

export function getLiveTokenSource(settings: Settings): LiveTokenSource {
  processTokenSource ??= new LiveTokenSource((afterRefusal) => createLiveCredential(settings, afterRefusal), settings.scope, settings.auth, {
    refreshTimeoutMs: settings.timeoutMs,
  });
  return processTokenSource;
}

export function clearLiveTokenSource(): void {
  processTokenSource = undefined;
}
