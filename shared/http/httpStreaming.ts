import { app } from '@azure/functions';

/**
 * HTTP streams (@azure/functions ≥ 4.3 on Functions host ≥ 4.28): the host forwards each HTTP request to
 * an HTTP server the worker opens (its address goes to the host as the worker capability `HttpUri`),
 * and a response body that is a stream is written to the caller chunk by chunk instead of being
 * buffered whole and sent over gRPC. Needed so operator-wide CSV/NDJSON exports run in constant
 * memory. It is one switch for every HTTP function of the app, set before the host asks for the
 * worker's capabilities (functions/appStart.ts).
 */
export function enableHttpStreaming(): void {
  app.setup({ enableHttpStream: true });
}
