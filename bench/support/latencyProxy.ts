import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy that holds every chunk for `oneWayMs` in each direction before passing it on,
 * so a request and its answer pay `2 × oneWayMs` more, as over a network. Loopback Azurite answers
 * in well under a millisecond, which hides exactly what batching saves against Azure: one network
 * round trip per call. Order within a direction is kept (timers of equal delay fire in order);
 * bandwidth is not limited, only latency added.
 */

/**
 * The default round trip: Microsoft documents the network between availability zones of one region
 * as "a round-trip latency of less than approximately 2 ms" (learn.microsoft.com, "What are
 * availability zones?"). An app and its storage account in one region are at most that far apart;
 * the storage service's own processing time comes on top, and Azurite supplies its own.
 */
export const DEFAULT_ROUND_TRIP_MS = 2;

export interface LatencyProxy {
  port: number;
  roundTripMs: number;
  /** Chunks passed on, both directions: a check that traffic really went through. */
  chunks(): number;
  close(): Promise<void>;
}

export async function startLatencyProxy(targetPort: number, roundTripMs: number): Promise<LatencyProxy> {
  const oneWayMs = roundTripMs / 2;
  const sockets = new Set<Socket>();
  let chunks = 0;

  const delayInto = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => {
      setTimeout(() => {
        chunks++;
        if (!to.destroyed) to.write(chunk);
      }, oneWayMs);
    });
    // An end or error is passed on after the data before it, never ahead of it.
    from.on('end', () => setTimeout(() => to.end(), oneWayMs));
    from.on('error', () => to.destroy());
    from.on('close', () => setTimeout(() => to.destroy(), oneWayMs));
  };

  const server: Server = createServer({ noDelay: true }, (client) => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort, noDelay: true });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    delayInto(client, upstream);
    delayInto(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    roundTripMs,
    chunks: () => chunks,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The connection string with its table endpoint moved to `port` on loopback. */
export function tableEndpointThrough(connectionString: string, port: number): string {
  return connectionString.replace(/TableEndpoint=http:\/\/127\.0\.0\.1:\d+\//, `TableEndpoint=http://127.0.0.1:${port}/`);
}
