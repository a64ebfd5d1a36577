import type { Server } from 'node:http';
import type { HostLog } from '../../../localhost/hostLog';
import { createHttpHost, httpRoutes, listen } from '../../../localhost/httpHost';
import { loadFunctionApp } from '../../support/loadFunctionApp';

/** The app served over HTTP on loopback by the built-in local host (`npm start` without Core Tools). */
export interface ServedApp {
  /** e.g. http://127.0.0.1:54321; routes live under `${origin}/api/`. */
  origin: string;
  /** Every request answered, as `METHOD /path?query status`, in order. */
  served: string[];
  close(): Promise<void>;
}

const quiet: HostLog = { info: () => undefined, warn: () => undefined, error: () => undefined, invocation: () => undefined };

export async function serveApp(functionKey: string): Promise<ServedApp> {
  const server: Server = createHttpHost({ routes: httpRoutes(loadFunctionApp().values()), routePrefix: 'api', functionKey, log: quiet });
  const served: string[] = [];
  // A second 'request' listener only watches: the host's own listener answers.
  server.on('request', (request, response) => response.on('finish', () => served.push(`${request.method} ${request.url} ${response.statusCode}`)));
  const port = await listen(server, 0);
  return {
    origin: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
