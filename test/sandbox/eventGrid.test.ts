import { EVENT_GRID_AUDIENCE } from '../../sandbox/eventGrid';
import { eventGridEndpoint } from '../events/eventGridSupport';
import { LIVE_PLATFORM_AUDIENCE, managedIdentityToken, mintToken } from '../support/sandboxControl';

/**
 * The Event Grid stand-in refuses what Event Grid refuses. (That it accepts what the real SDK
 * sends, and fails on request, is shown by test/events with @azure/eventgrid.)
 */

// With a subject, as every event the app sends: the stand-in keeps what it accepts for every test, and test/events reads them by subject.
const event = {
  specversion: '1.0',
  id: 'a-1',
  source: '/oc-numbers/test',
  type: 'OcNumbers.NumberAdded',
  subject: 'tenants/00000000-0000-0000-0000-000000000000/numbers/+10000000000',
  time: '2026-01-31T00:00:00.000Z',
  data: {},
};

async function publish(body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(`${eventGridEndpoint()}?api-version=2018-01-01`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/cloudevents-batch+json; charset=utf-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('sandbox Event Grid stand-in', () => {
  test('wants a bearer token for https://eventgrid.azure.net', async () => {
    expect((await publish([event], {})).status).toBe(401);
    const liveToken = await managedIdentityToken(LIVE_PLATFORM_AUDIENCE);
    const refused = await publish([event], { Authorization: `Bearer ${liveToken}` });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('audience');
    const expired = await mintToken({ claims: { aud: EVENT_GRID_AUDIENCE }, expiresInSeconds: -10 });
    expect((await publish([event], { Authorization: `Bearer ${expired}` })).status).toBe(401);
    const token = await managedIdentityToken(EVENT_GRID_AUDIENCE);
    expect((await publish([event], { Authorization: `Bearer ${token}` })).status).toBe(200);
  });

  test('checks the CloudEvents 1.0 shape, the content type and the 1 MB limit', async () => {
    const auth = { Authorization: `Bearer ${await managedIdentityToken(EVENT_GRID_AUDIENCE)}` };
    const { id: _id, ...withoutId } = event;
    for (const body of [[], [withoutId], [{ ...event, specversion: '0.3' }], [{ ...event, time: 'yesterday' }], { ...event }]) {
      expect({ body, status: (await publish(body, auth)).status }).toEqual({ body, status: 400 });
    }
    expect((await publish([event], { ...auth, 'Content-Type': 'application/json' })).status).toBe(400);
    const huge = [{ ...event, data: { text: 'x'.repeat(1024 * 1024) } }];
    expect((await publish(huge, auth)).status).toBe(413);
  });
});
