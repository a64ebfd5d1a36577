import type { Settings } from '../config/settings';
import { lateLoad } from '../runtime/lateLoad';
import type { LivePlatformClient } from './livePlatformClient';

const clientModule = lateLoad<typeof import('./livePlatformClient')>(require, './livePlatformClient');
const tokenSourceModule = lateLoad<typeof import('../auth/liveTokenSource')>(require, '../auth/liveTokenSource');

let processClient: LivePlatformClient | undefined;

/**
 * One client per process, so keep-alive sockets, the token and the rate budget are shared.
 * The client is loaded on the first upstream call rather than when the worker registers its
 * functions, and loads axios itself during that call (livePlatformClient.ts, `attempt`).
 */
export function getLivePlatformClient(settings: Settings): LivePlatformClient {
  if (!processClient) {
    const { LivePlatformClient: Client } = clientModule();
    const { getLiveTokenSource } = tokenSourceModule();
    processClient = new Client(settings, getLiveTokenSource(settings));
  }
  return processClient;
}

export function clearLivePlatformClient(): void {
  processClient = undefined;
}
