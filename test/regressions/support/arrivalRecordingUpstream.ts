import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Live Platform that answers every request with an empty list on loopback and writes down when
 * each one arrived: what the rate budget regressions measure their windows against. Start it in a
 * suite's beforeAll and close it in afterAll.
 */
export interface ArrivalRecordingUpstream {
  readonly arrivals: number[];
  readonly baseUrl: string;
  close(): Promise<void>;
}

export async function startArrivalRecordingUpstream(): Promise<ArrivalRecordingUpstream> {
  const arrivals: number[] = [];
  const server = http.createServer((request, response) => {
    arrivals.push(Date.now());
    request.resume();
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    arrivals,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
