import type { Settings } from '../config/settings';
import { getLiveTokenSource } from '../auth/liveTokenSource';
import { LivePlatformClient } from './livePlatformClient';

let processClient: LivePlatformClient | undefined;

/** One client per process, so keep-alive sockets, the token and the rate budget are shared. */
export function getLivePlatformClient(settings: Settings): LivePlatformClient {
  processClient ??= new LivePlatformClient(settings, getLiveTokenSource(settings));
  return processClient;
}

export function clearLivePlatformClient(): void {
  processClient = undefined;
}
