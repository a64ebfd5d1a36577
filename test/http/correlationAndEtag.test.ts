import { correlationFrom } from '../../shared/http/correlation';
import { ifNoneMatchMatches, strongEtag } from '../../shared/http/etag';
import { redact } from '../../shared/logging/logger';

const headersOf = (values: Record<string, string>) => new Headers(values);

describe('correlation', () => {
  it('reuses a well-formed X-Correlation-Id', () => {
    expect(correlationFrom(headersOf({ 'x-correlation-id': 'flow-run-42' })).correlationId).toBe('flow-run-42');
  });

  it('falls back to the trace id of traceparent, and forwards the traceparent', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(correlationFrom(headersOf({ traceparent }))).toEqual({ correlationId: '4bf92f3577b34da6a3ce929d0e0e4736', traceparent });
  });

  it('generates one when the caller sent none or a hostile one', () => {
    const generated = correlationFrom(headersOf({ 'x-correlation-id': 'a b;<script>' }));
    expect(generated.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('ETag', () => {
  it('matches strong, weak, listed and * forms of If-None-Match', () => {
    const etag = strongEtag('body');
    expect(ifNoneMatchMatches(etag, etag)).toBe(true);
    expect(ifNoneMatchMatches(`W/${etag}`, etag)).toBe(true);
    expect(ifNoneMatchMatches(`"other", ${etag}`, etag)).toBe(true);
    expect(ifNoneMatchMatches('*', etag)).toBe(true);
    expect(ifNoneMatchMatches('"other"', etag)).toBe(false);
    expect(ifNoneMatchMatches(null, etag)).toBe(false);
  });
});

describe('log redaction', () => {
  it('removes bearer tokens and JWTs', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJhcGk6Ly94In0.c2lnbmF0dXJlLXZhbHVl';
    expect(redact(`Authorization: Bearer abc.def and ${jwt}`)).toBe('Authorization: [redacted] and [redacted]');
  });
});
