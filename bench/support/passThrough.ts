import http from 'node:http';
import axios from 'axios';

export interface UpstreamAccess {
  liveBaseUrl: string;
  identityEndpoint: string;
  identityHeader: string;
  audience: string;
}

/** A Live Platform token from the sandbox's managed-identity endpoint, as the app's credential gets it. */
export async function upstreamToken(access: UpstreamAccess): Promise<string> {
  const url = new URL(access.identityEndpoint);
  url.searchParams.set('api-version', '2019-08-01');
  url.searchParams.set('resource', access.audience);
  const response = await fetch(url, { headers: { 'X-IDENTITY-HEADER': access.identityHeader } });
  if (!response.ok) throw new Error(`managed identity endpoint answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * The proxy's baseline: the least any proxy must do with the upstream answer — one axios GET
 * (keep-alive, body as text, like the app's client), JSON.parse, JSON.stringify, and the bytes to send.
 */
export function passThrough(access: UpstreamAccess, token: string): (msTenantId: string) => Promise<Buffer> {
  const client = axios.create({
    baseURL: access.liveBaseUrl,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxContentLength: Infinity,
    httpAgent: new http.Agent({ keepAlive: true }),
    headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
  });
  return async (msTenantId) => {
    const response = await client.get<string>('/api/v2/oc/numbers', { params: { msTenantId } });
    return Buffer.from(JSON.stringify(JSON.parse(response.data)), 'utf8');
  };
}
