import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { appVersion } from '../runtime/appVersion';

export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as sent, decompressed: a stream, so the caller can limit and parse it as it arrives. */
  body: Readable;
}

/** Decoders for the encodings asked for in Accept-Encoding; anything else is passed on as it came. */
const decoders: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/**
 * GET requests to one base address with Node's own HTTP client: what the Live Platform client needs
 * (query, headers, keep-alive, abort, redirects not followed, compressed answers decoded) without an
 * HTTP library, which costs a cold start about 100 ms of CPU to load (docs/performance.md).
 */
export class UpstreamHttp {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 });
  private readonly userAgent = `oc-numbers/${appVersion}`;

  constructor(private readonly baseUrl: string) {}

  /** Resolves once the status and headers are in; a network failure or an abort rejects. */
  get(path: string, params: Record<string, string>, headers: Record<string, string>, signal: AbortSignal): Promise<UpstreamResponse> {
    const url = new URL(`${this.baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const secure = url.protocol === 'https:';
    const transport = secure ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        url,
        {
          method: 'GET',
          agent: secure ? this.httpsAgent : this.httpAgent,
          signal,
          headers: { Accept: 'application/json', 'Accept-Encoding': 'gzip, deflate, br', 'User-Agent': this.userAgent, ...headers },
        },
        (response) => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: decoded(response) }),
      );
      request.once('error', reject);
      request.end();
    });
  }
}

function decoded(response: http.IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = decoders[encoding];
  if (!decoder || response.statusCode === 204 || response.statusCode === 304) return response;
  // pipeline destroys both streams when either fails or the reader destroys the decoder.
  return pipeline(response, decoder(), () => undefined) as unknown as Readable;
}
