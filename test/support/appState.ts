import { clearSettingsCache } from '../../shared/config/settings';
import { clearLiveTokenSource } from '../../shared/auth/liveTokenSource';
import { clearLivePlatformClient } from '../../shared/live-platform/livePlatform';
import { clearLiveTenantNumbersCache } from '../../shared/numbers/liveTenantNumbers';

const original = { ...process.env };

/**
 * Gives the app a fresh process state with these settings on top of the suite's environment:
 * settings, credential, client (rate budget, sockets) and result cache are rebuilt on next use.
 */
export function useSettings(overrides: Record<string, string | undefined> = {}): void {
  for (const key of Object.keys(process.env)) if (!(key in original)) delete process.env[key];
  Object.assign(process.env, original);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  clearSettingsCache();
  clearLiveTokenSource();
  clearLivePlatformClient();
  clearLiveTenantNumbersCache();
}
