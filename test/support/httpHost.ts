import type { AddressInfo } from 'node:net';
import { readHostConfig } from '../../localhost/hostConfig';
import { createHttpHost, httpRoutes, listen } from '../../localhost/httpHost';
import type { HostLog } from '../../localhost/hostLog';
import { appRoot } from '../../shared/runtime/appRoot';
import { loadFunctionApp } from './loadFunctionApp';
import { testFunctionKey } from './testFunctionKey';

/**
 * The app over a real socket for clients that need one (curl, PowerShell): the built-in local host's
 * HTTP part (localhost/httpHost.ts, what `npm start` serves without Core Tools) over the functions
 * this suite loaded, under host.json's routePrefix, requiring `functionKey` on function-level routes. One host
 * emulation for `npm start`, the tests, the bench and the chaos suites; this only adds the log of
 * what was served.
 */
export interface HttpHost {
  /** e.g. http://127.0.0.1:54321 (no trailing slash); routes live under `${origin}/api/`. */
  origin: string;
  functionKey: string;
  /** Every request served, as `METHOD /path?query status`, in order. */
  served: string[];
  close(): Promise<void>;
}

const silent: HostLog = { info: () => undefined, warn: () => undefined, error: () => undefined, invocation: () => undefined };

export async function startHttpHost(functionKey: string = testFunctionKey): Promise<HttpHost> {
  const server = createHttpHost({ routes: httpRoutes(loadFunctionApp().values()), routePrefix: readHostConfig(appRoot).routePrefix, functionKey, log: silent });
  const served: string[] = [];
  server.on('request', (request, response) => {
    response.once('finish', () => served.push(`${request.method ?? 'GET'} ${request.url ?? '/'} ${response.statusCode}`));
  });
  await listen(server, 0);
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    functionKey,
    served,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
