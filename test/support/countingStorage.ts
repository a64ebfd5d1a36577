import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEVSTORE_ACCOUNT_KEY, DEVSTORE_ACCOUNT_NAME } from './azurite';

/**
 * A storage endpoint that only counts the requests it gets (and fails them): a route that must answer
 * a malformed request without a storage call is pointed at it, and the count must stay 0.
 */
export interface CountingStorage {
  connectionString: string;
  requests(): number;
  close(): Promise<void>;
}

export async function startCountingStorage(): Promise<CountingStorage> {
  let count = 0;
  const server: Server = createServer((request, response) => {
    count++;
    request.resume();
    response.writeHead(500, { 'Content-Type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}/${DEVSTORE_ACCOUNT_NAME}`;
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEVSTORE_ACCOUNT_NAME};AccountKey=${DEVSTORE_ACCOUNT_KEY};TableEndpoint=${endpoint};QueueEndpoint=${endpoint};BlobEndpoint=${endpoint};`,
    requests: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
