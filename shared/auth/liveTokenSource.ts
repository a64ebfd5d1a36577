import type { AccessToken, TokenCredential } from '@azure/identity';
import { TokenUnavailableError } from '../errors/upstreamErrors';
import type { AuthMode, Settings } from '../config/settings';
import { createLiveCredential } from './createLiveCredential';

/** Refresh this long before expiry so a token never expires on the way to the Live Platform. */
const refreshMarginMs = 5 * 60 * 1000;

/** How long one token request may take by default before it is given up (settings give LIVE_PLATFORM_TIMEOUT_MS). */
const defaultRefreshTimeoutMs = 15_000;

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
  private readonly createCredential: (() => TokenCredential) | undefined;
  private readonly refreshTimeoutMs: number;

  constructor(
    credential: TokenCredential | (() => TokenCredential),
    private readonly scope: string,
    readonly mode: AuthMode,
    options: LiveTokenSourceOptions = {},
  ) {
    this.createCredential = typeof credential === 'function' ? credential : undefined;
    this.credential = typeof credential === 'function' ? credential() : credential;
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
    if (this.createCredential) this.credential = this.createCredential();
  }

  private startRefresh(): Promise<AccessToken> {
    const attempt = this.refresh();
    const bounded = this.within(attempt, this.refreshTimeoutMs).then(
      (token) => {
        // A refresh given up on (or one that followed an invalidate) does not overwrite a newer state.
        if (this.refreshing === bounded) this.current = token;
        return token;
      },
    );
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
      throw new TokenUnavailableError(this.mode, errorSummary(error));
    }
    if (!token) throw new TokenUnavailableError(this.mode, 'the credential returned no token');
    return token;
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
  processTokenSource ??= new LiveTokenSource(() => createLiveCredential(settings), settings.scope, settings.auth, { refreshTimeoutMs: settings.timeoutMs });
  return processTokenSource;
}

export function clearLiveTokenSource(): void {
  processTokenSource = undefined;
}
