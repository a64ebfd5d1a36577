import type { IncomingMessage } from 'node:http';

/** Counters the tests read back through `/_sandbox/stats` to see what the app really sent. */

export interface LastRequest {
  method: string;
  path: string;
  /** Lower-case names; `authorization` only says whether one was sent, never its value. */
  headers: {
    'x-ovoc-channel-id': string | null;
    'x-correlation-id': string | null;
    traceparent: string | null;
    'user-agent': string | null;
    authorization: boolean;
  };
  query: Record<string, string>;
}

export interface TenantStats {
  calls: number;
  /** Requests that arrived through a 302 the sandbox sent (a client that follows redirects). */
  redirectsFollowed: number;
  lastRequest: LastRequest | null;
  /** Arrival times (ms since epoch), newest last, capped so a long run stays small. */
  callTimes: number[];
}

export interface SandboxTotals {
  numberCalls: number;
  customerCalls: number;
  redirectsFollowed: number;
  rejectedTokens: number;
  tokenRequests: { managedIdentity: number; entra: number };
  /** Requests for the authority's JWKS (the app's caller-token keys). */
  jwksRequests: number;
  tenants: Record<string, number>;
}

const MAX_CALL_TIMES = 1000;
/** Every Live Platform call's arrival, for the multi-process budget check (chaos/sharedBudget.chaos.ts). */
const MAX_ARRIVALS = 200_000;

/** The Live Platform's own rate limit, when a test asks the sandbox to enforce it: calls beyond it in any window answer 429. */
export interface SandboxRateLimit {
  limit: number;
  windowMs: number;
}

export interface SandboxArrivals {
  /** Arrival times (ms since epoch) of numbers and customer-list calls, oldest first. */
  arrivals: number[];
  /** Calls answered 429 because the enforced limit was spent. */
  rateLimited: number;
  rateLimit: SandboxRateLimit | null;
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

export function describeRequest(req: IncomingMessage, url: URL): LastRequest {
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    headers: {
      'x-ovoc-channel-id': header(req, 'x-ovoc-channel-id'),
      'x-correlation-id': header(req, 'x-correlation-id'),
      traceparent: header(req, 'traceparent'),
      'user-agent': header(req, 'user-agent'),
      authorization: req.headers.authorization !== undefined,
    },
    query: Object.fromEntries(url.searchParams),
  };
}

export class SandboxStats {
  private tenants = new Map<string, TenantStats>();
  private customerCalls = 0;
  private rejectedTokens = 0;
  private tokenRequests = { managedIdentity: 0, entra: 0 };
  private jwksRequests = 0;
  private arrivals: number[] = [];
  private rateLimited = 0;
  private rateLimit: SandboxRateLimit | null = null;

  /**
   * Records a Live Platform call's arrival; false when an enforced limit is spent, and the call must
   * answer 429 (the real Live Platform counts refused calls too, so they stay in the log).
   */
  arrive(): boolean {
    const now = Date.now();
    this.arrivals.push(now);
    if (this.arrivals.length > MAX_ARRIVALS) this.arrivals.splice(0, this.arrivals.length - MAX_ARRIVALS);
    if (!this.rateLimit) return true;
    const from = now - this.rateLimit.windowMs;
    let inWindow = 0;
    for (let i = this.arrivals.length - 1; i >= 0 && (this.arrivals[i] as number) > from; i--) inWindow++;
    if (inWindow <= this.rateLimit.limit) return true;
    this.rateLimited += 1;
    return false;
  }

  setRateLimit(rateLimit: SandboxRateLimit | null): void {
    this.rateLimit = rateLimit;
  }

  arrivalLog(): SandboxArrivals {
    return { arrivals: [...this.arrivals], rateLimited: this.rateLimited, rateLimit: this.rateLimit };
  }

  numberCall(tenantId: string, request: LastRequest, redirected = false): void {
    const stats = this.tenantEntry(tenantId);
    stats.calls += 1;
    if (redirected) stats.redirectsFollowed += 1;
    stats.lastRequest = request;
    stats.callTimes.push(Date.now());
    if (stats.callTimes.length > MAX_CALL_TIMES) stats.callTimes.shift();
  }

  customerCall(): void {
    this.customerCalls += 1;
  }

  tokenRejected(): void {
    this.rejectedTokens += 1;
  }

  tokenIssued(kind: 'managedIdentity' | 'entra'): void {
    this.tokenRequests[kind] += 1;
  }

  jwksRequested(): void {
    this.jwksRequests += 1;
  }

  tenant(tenantId: string): TenantStats {
    const stats = this.tenants.get(tenantId.toLowerCase());
    return stats ? structuredClone(stats) : { calls: 0, redirectsFollowed: 0, lastRequest: null, callTimes: [] };
  }

  totals(): SandboxTotals {
    let numberCalls = 0;
    let redirectsFollowed = 0;
    const tenants: Record<string, number> = {};
    for (const [id, stats] of this.tenants) {
      numberCalls += stats.calls;
      redirectsFollowed += stats.redirectsFollowed;
      tenants[id] = stats.calls;
    }
    return {
      numberCalls,
      customerCalls: this.customerCalls,
      redirectsFollowed,
      rejectedTokens: this.rejectedTokens,
      tokenRequests: { ...this.tokenRequests },
      jwksRequests: this.jwksRequests,
      tenants,
    };
  }

  reset(): void {
    this.tenants.clear();
    this.customerCalls = 0;
    this.rejectedTokens = 0;
    this.tokenRequests = { managedIdentity: 0, entra: 0 };
    this.jwksRequests = 0;
    this.arrivals = [];
    this.rateLimited = 0;
    this.rateLimit = null;
  }

  private tenantEntry(tenantId: string): TenantStats {
    const key = tenantId.toLowerCase();
    let stats = this.tenants.get(key);
    if (!stats) {
      stats = { calls: 0, redirectsFollowed: 0, lastRequest: null, callTimes: [] };
      this.tenants.set(key, stats);
    }
    return stats;
  }
}
