import type { AccessToken, TokenCredential } from '@azure/identity';
import { ApiError } from '../http/apiError';
import type { AuthMode, Settings } from '../config/settings';
import { createLiveCredential } from './createLiveCredential';

/** Refresh this long before expiry so a token never expires on the way to the Live Platform. */
const refreshMarginMs = 5 * 60 * 1000;

export class TokenUnavailableError extends ApiError {
  constructor(mode: AuthMode, reason: string) {
    super(
      503,
      'token-unavailable',
      'Live Platform token unavailable',
      `The app could not obtain a Live Platform token with its ${mode} credential.`,
      { retryAfterSeconds: 30, logReason: reason },
    );
  }
}

/** One credential per process; its token is reused until near expiry and concurrent refreshes are merged. */
export class LiveTokenSource {
  private current: AccessToken | undefined;
  private refreshing: Promise<AccessToken> | undefined;

  constructor(
    private readonly credential: TokenCredential,
    private readonly scope: string,
    readonly mode: AuthMode,
  ) {}

  async getToken(): Promise<string> {
    if (this.current && this.current.expiresOnTimestamp - refreshMarginMs > Date.now()) return this.current.token;
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    return (await this.refreshing).token;
  }

  private async refresh(): Promise<AccessToken> {
    let token: AccessToken | null;
    try {
      token = await this.credential.getToken(this.scope);
    } catch (error) {
      throw new TokenUnavailableError(this.mode, errorSummary(error));
    }
    if (!token) throw new TokenUnavailableError(this.mode, 'the credential returned no token');
    this.current = token;
    return token;
  }
}

/** Credential errors can quote request details; keep the name and the first line only. */
function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  return `${error.name}: ${error.message.split('\n')[0]?.slice(0, 300) ?? ''}`;
}

let processTokenSource: LiveTokenSource | undefined;

export function getLiveTokenSource(settings: Settings): LiveTokenSource {
  processTokenSource ??= new LiveTokenSource(createLiveCredential(settings), settings.scope, settings.auth);
  return processTokenSource;
}

export function clearLiveTokenSource(): void {
  processTokenSource = undefined;
}
