import { DEVSTORE_ACCOUNT_KEY } from '../../test/support/azurite';
import { testFunctionKey } from '../../test/support/testFunctionKey';

/**
 * The secret values the chaos run must never show, raw and URL-encoded: the identity header, the
 * client secret, the function key and the storage account key. Any JWT counts as a leaked token
 * (every sandbox token is one), as in test/support/secretScan.ts.
 */
export function secretValues(): string[] {
  const values = [process.env['IDENTITY_HEADER'], process.env['LIVE_PLATFORM_CLIENT_SECRET'], testFunctionKey, DEVSTORE_ACCOUNT_KEY].filter(
    (value): value is string => !!value,
  );
  return [...new Set(values.flatMap((value) => [value, encodeURIComponent(value)]))];
}

export const jwtShape = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/;

/** Inline scan of one text (the load suite scans every answer as it comes, instead of writing it out). */
export function leaks(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => text.includes(secret)) || jwtShape.test(text);
}
