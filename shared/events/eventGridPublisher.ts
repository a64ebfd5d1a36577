import type { EventGridPublisherClient } from '@azure/eventgrid';
import { createAppIdentityCredential } from '../auth/createLiveCredential';
import type { Settings } from '../config/settings';
import { lateLoad } from '../runtime/lateLoad';
import { eventSource } from './changeEvents';
import type { EventPublisher } from './publishChangeEvents';

type EventGrid = typeof import('@azure/eventgrid');
/** Loaded when the first event is published, not at start-up. */
const eventGrid = lateLoad<EventGrid>(require, '@azure/eventgrid');

let cached: { key: string; client: EventGridPublisherClient<'CloudEvent'> } | undefined;

/**
 * EVENT_GRID_TOPIC_ENDPOINT's publisher: CloudEvents 1.0 with the app's identity (the SDK asks
 * for a token for https://eventgrid.azure.net), or undefined when the setting is not set.
 */
export function eventGridPublisher(settings: Settings, env: NodeJS.ProcessEnv = process.env): EventPublisher | undefined {
  const endpoint = settings.eventGridTopicEndpoint;
  if (!endpoint) return undefined;
  const key = `${endpoint}|${settings.auth}|${settings.managedIdentityClientId ?? ''}`;
  if (cached?.key !== key) {
    const { EventGridPublisherClient } = eventGrid();
    // Few retries: a later run sends again whatever was not accepted.
    cached = { key, client: new EventGridPublisherClient(endpoint, 'CloudEvent', createAppIdentityCredential(settings), { retryOptions: { maxRetries: 1 } }) };
  }
  const client = cached.client;
  const allowed = settings.allowedTenants;
  return {
    send: (events) => client.send(events),
    source: eventSource(env),
    // A tenant outside ALLOWED_TENANTS is never published.
    includesTenant: (msTenantId) => allowed === null || allowed.has(msTenantId),
  };
}
