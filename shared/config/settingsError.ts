/** A missing or malformed app setting. The message names settings, never their values. */
export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid app settings: ${problems.join('; ')}`);
    this.name = 'SettingsError';
  }
}
