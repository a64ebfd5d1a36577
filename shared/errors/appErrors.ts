import { DomainError } from './domainError';

/** A missing or malformed app setting. The message names settings, never their values. */
export class SettingsError extends DomainError {
  readonly code = 'configuration-error';
  readonly title = 'The app is misconfigured';
  readonly permanent = false;

  constructor(readonly problems: readonly string[]) {
    super(`Invalid app settings: ${problems.join('; ')}`);
  }
}

/** The app was deployed without an SDK bundle `npm run build` writes (shared/sdk/bundledSdk.ts). */
export class SdkBundleMissingError extends DomainError {
  readonly code = 'sdk-bundle-missing';
  readonly title = 'An SDK bundle is missing';
  readonly permanent = false;

  constructor(fileName: string) {
    super(`${fileName} was not built with the app: npm run build writes it to dist/sdk.`);
  }
}

/** The app was deployed without the API documents `npm run build` writes. */
export class ApiDescriptionMissingError extends DomainError {
  readonly code = 'api-description-missing';
  readonly title = 'The API description is missing';
  readonly permanent = false;

  constructor(fileName: string, reason: string) {
    super(`${fileName} was not built with the app: npm run build writes it to dist/api.`, reason);
  }
}

/** A key or entity Table Storage would refuse or misread; raised before anything is written, so retrying cannot help. */
export class InvalidEntityError extends DomainError {
  readonly code = 'invalid-entity';
  readonly title = 'Entity refused';
  readonly permanent = true;
}
