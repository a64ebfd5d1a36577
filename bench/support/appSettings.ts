import { clearLiveTokenSource } from '../../shared/auth/liveTokenSource';
import { clearSettingsCache } from '../../shared/config/settings';
import { clearLivePlatformClient } from '../../shared/live-platform/livePlatform';
import { clearLiveTenantNumbersCache } from '../../shared/numbers/liveTenantNumbers';

/**
 * Puts these app settings in process.env and drops what the app built from the previous ones
 * (settings, credential, client, result cache), as test/support/appState.ts does between tests.
 */
export function useAppSettings(settings: Record<string, string>): void {
  Object.assign(process.env, settings);
  clearSettingsCache();
  clearLiveTokenSource();
  clearLivePlatformClient();
  clearLiveTenantNumbersCache();
}
