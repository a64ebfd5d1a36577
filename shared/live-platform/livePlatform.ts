import type { Settings } from '../config/settings';
import type { LivePlatformClient } from './livePlatformClient';

let processClient: LivePlatformClient | undefined;

/**
 * One client per process, so keep-alive sockets, the token and the rate budget are shared.
 * The client (and axios with it, ~100 ms to load) is loaded on the first upstream call rather
 * than when the worker registers its functions: a cold start is paid by a waiting caller.
 */
export function getLivePlatformClient(settings: Settings): LivePlatformClient {
  if (!processClient) {
    const { LivePlatformClient: Client } = require('./livePlatformClient') as typeof import('./livePlatformClient');
    const { getLiveTokenSource } = require('../auth/liveTokenSource') as typeof import('../auth/liveTokenSource');
    processClient = new Client(settings, getLiveTokenSource(settings));
  }
  return processClient;
}

export function clearLivePlatformClient(): void {
  processClient = undefined;
}
