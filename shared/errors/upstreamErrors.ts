import { DomainError } from './domainError';

/**
 * The Live Platform could not give an answer: down, slow, throttling, refusing the app, answering
 * what the app cannot use, or no token to ask it with. Retrying later may help, and `source=auto`
 * falls back to the snapshot. Each failure the public contract maps to an answer (docs/api.md, "Upstream failures").
 */
export abstract class LivePlatformFailure extends DomainError {
  readonly permanent = false;
  /** Seconds the caller should wait before trying again, when known. */
  readonly retryAfterSeconds: number | undefined = undefined;
}

export class UpstreamRefusedError extends LivePlatformFailure {
  readonly code = 'upstream-credentials-rejected';
  readonly title = 'Live Platform rejected the credentials';

  constructor(upstreamStatus: number) {
    super("The Live Platform rejected the app's credentials.", `upstream answered ${upstreamStatus}`);
  }
}

export class UpstreamThrottledError extends LivePlatformFailure {
  readonly code = 'upstream-throttled';
  readonly title = 'Live Platform rate limit reached';
  override readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, reason: string) {
    super('The Live Platform rate limit is reached; retry later.', reason);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class UpstreamUnavailableError extends LivePlatformFailure {
  readonly code = 'upstream-unavailable';
  readonly title = 'Live Platform unavailable';

  constructor(reason: string) {
    super('The Live Platform did not answer successfully.', reason);
  }
}

export class UpstreamTimeoutError extends LivePlatformFailure {
  readonly code = 'upstream-timeout';
  readonly title = 'Live Platform timeout';

  constructor(timeoutMs: number) {
    super(`The Live Platform did not answer within ${timeoutMs} ms.`, 'deadline reached');
  }
}

export class UpstreamBadResponseError extends LivePlatformFailure {
  readonly code = 'upstream-bad-response';
  readonly title = 'Unusable Live Platform response';

  constructor(reason: string) {
    super('The Live Platform answered with a response the app cannot use.', reason);
  }
}

/** SCHEMA_MODE=enforce and the answer does not match the documented schema. */
export class UpstreamSchemaError extends LivePlatformFailure {
  readonly code = 'upstream-schema';
  readonly title = 'Live Platform answer failed the schema';

  constructor(reason: string) {
    super('The Live Platform answer does not match the documented schema (SCHEMA_MODE=enforce).', reason);
  }
}

/** No Live Platform token within the call's deadline: the Live Platform was never asked. */
export class TokenUnavailableError extends LivePlatformFailure {
  readonly code = 'token-unavailable';
  readonly title = 'Live Platform token unavailable';
  override readonly retryAfterSeconds: number;

  /** `retryAfterSeconds`: longer when the credential will not ask again sooner (MSAL's throttle after an Entra 5xx). */
  constructor(mode: string, reason: string, retryAfterSeconds = 30) {
    super(`The app could not obtain a Live Platform token with its ${mode} credential.`, reason);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The Live Platform has no Operator Connect customer with this tenant id: asking again cannot help. */
export class UpstreamTenantNotFoundError extends DomainError {
  readonly code = 'tenant-not-found';
  readonly title = 'Tenant not found';
  readonly permanent = true;

  constructor(msTenantId: string) {
    super(`The Live Platform has no Operator Connect customer ${msTenantId} on this channel.`, 'upstream answered 404');
  }
}
