import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Settings } from '../config/settings';
import { DomainError } from '../errors/domainError';
import type { LiveTokenSource } from '../auth/liveTokenSource';
import type { Logger } from '../logging/logger';
import { parseRetryAfterMs, retryDelayMs } from './backoff';
import { BudgetSpent, type BudgetStatus, type BudgetTicket, type CallBudget } from './callBudget';
import { NotFoundMemory } from './notFoundMemory';
import { createCallBudget } from './processBudget';
import { readJsonBody } from './readJsonBody';
import { axiosSdk } from '../sdk/bundledSdk';
import {
  type LivePlatformFailure,
  UpstreamBadResponseError,
  UpstreamRefusedError,
  UpstreamTenantNotFoundError,
  UpstreamThrottledError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from '../errors/upstreamErrors';

export interface UpstreamCall {
  correlationId: string;
  traceparent?: string | undefined;
  channelId: number | null;
  log: Logger;
  /**
   * Snapshot work (the worker, tenant discovery) waits for a place in the rate budget and leaves
   * LIVE_PLATFORM_INTERACTIVE_RESERVE of every window to lookups; a lookup answers 503 at once instead.
   */
  waitForBudget?: boolean;
}

interface Attempt {
  retryable: boolean;
  error: LivePlatformFailure;
  retryAfterMs?: number | undefined;
}

/**
 * How long snapshot work waits in all for its places in the rate budget. Lookups go first and can
 * hold the whole window for a while (a burst of callers); the wait is not part of the call's
 * LIVE_PLATFORM_TIMEOUT_MS, which starts again once the place is taken. A delivery that gave up
 * sooner would come back only after the host's visibilityTimeout, leaving the budget idle meanwhile.
 */
export const snapshotBudgetWaitMs = 120_000;

/** A call's time: its deadline (moved on by the time it waited for the budget) and what is left of its budget wait. */
interface CallTime {
  deadline: number;
  budgetWaitMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE']);

/** The Live Platform REST API: authentication, deadline, retries, rate budget and body checks. */
export class LivePlatformClient {
  /** Made by the first call, while its token is on the way (see `attempt`). */
  private httpClient: AxiosInstance | undefined;
  private readonly notFound: NotFoundMemory;

  constructor(
    private readonly settings: Settings,
    private readonly tokens: LiveTokenSource,
    private readonly budget: CallBudget = createCallBudget(settings),
  ) {
    this.notFound = new NotFoundMemory(settings.notFoundSeconds * 1000);
  }

  private http(): AxiosInstance {
    return (this.httpClient ??= axiosSdk().axios.create({
      baseURL: this.settings.baseUrl,
      allowAbsoluteUrls: false,
      maxRedirects: 0,
      // A stream: readJsonBody parses an array as it arrives and enforces LIVE_PLATFORM_MAX_RESPONSE_BYTES.
      responseType: 'stream',
      validateStatus: () => true,
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 32 }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 32 }),
      headers: { Accept: 'application/json' },
    }));
  }

  /** `GET /api/v2/oc/numbers?msTenantId=…`: the tenant's numbers as the upstream sent them. */
  async fetchTenantNumbers(msTenantId: string, call: UpstreamCall): Promise<unknown[]> {
    // A tenant the Live Platform just said it does not have costs no call (LIVE_PLATFORM_NOT_FOUND_SECONDS).
    if (this.notFound.remembered(msTenantId, call.channelId) > 0) throw new UpstreamTenantNotFoundError(msTenantId);
    let body: unknown;
    try {
      body = await this.getJson('/api/v2/oc/numbers', { msTenantId }, call, msTenantId);
    } catch (error) {
      if (error instanceof UpstreamTenantNotFoundError) this.notFound.remember(msTenantId, call.channelId);
      throw error;
    }
    if (!Array.isArray(body)) throw new UpstreamBadResponseError('numbers body is not a JSON array');
    return body as unknown[];
  }

  /** Where the rate budget stands, for healthDeep. */
  budgetStatus(): Promise<BudgetStatus> {
    return this.budget.check();
  }

  /** `GET /api/v3/customer?allDetails=false`: the operator's customers, for tenant discovery. */
  async fetchCustomers(call: UpstreamCall): Promise<unknown[]> {
    const body = await this.getJson('/api/v3/customer', { allDetails: 'false' }, call, 'customers');
    if (Array.isArray(body)) return body as unknown[];
    const nested = body && typeof body === 'object' ? Object.values(body).find(Array.isArray) : undefined;
    if (!nested) throw new UpstreamBadResponseError('customers body holds no array');
    return nested as unknown[];
  }

  private async getJson(path: string, params: Record<string, string>, call: UpstreamCall, subject: string): Promise<unknown> {
    const time: CallTime = { deadline: Date.now() + this.settings.timeoutMs, budgetWaitMs: call.waitForBudget ? snapshotBudgetWaitMs : 0 };
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(path, params, call, time);
      if (!('retryable' in outcome)) return outcome.body;
      const retriesLeft = attempt < this.settings.retries;
      const delay = retryDelayMs(attempt, outcome.retryAfterMs);
      const retry = outcome.retryable && retriesLeft && Date.now() + delay < time.deadline;
      // The decision is logged: an operator (and the tests) see the back-off, not just its effect.
      const decision = retry
        ? `retrying in ${delay} ms`
        : !outcome.retryable
          ? 'not retryable'
          : !retriesLeft
            ? 'no retries left'
            : `not retried: waiting ${delay} ms would pass the deadline`;
      call.log.warn(`Live Platform ${subject} attempt ${attempt + 1} failed: ${outcome.error.logReason ?? outcome.error.title}; ${decision}`);
      if (!retry) throw outcome.error;
      await sleep(delay);
    }
  }

  /** A place in the rate budget, taken once the token is in hand so the call follows at once. */
  private async takeBudget(call: UpstreamCall, time: CallTime): Promise<BudgetTicket> {
    const started = Date.now();
    const remaining = Math.max(0, time.deadline - started);
    try {
      return await this.budget.take(call.waitForBudget ? 'snapshot' : 'lookup', { maxWaitMs: time.budgetWaitMs, callMs: remaining, log: call.log });
    } catch (error) {
      if (error instanceof BudgetSpent) throw new UpstreamThrottledError(Math.max(1, Math.ceil(error.waitMs / 1000)), 'rate budget spent');
      throw error;
    } finally {
      if (call.waitForBudget) {
        // The call keeps the time it had before it waited (snapshotBudgetWaitMs).
        const waited = Date.now() - started;
        time.budgetWaitMs = Math.max(0, time.budgetWaitMs - waited);
        time.deadline += waited;
      }
    }
  }

  private async attempt(path: string, params: Record<string, string>, call: UpstreamCall, time: CallTime): Promise<{ body: unknown } | Attempt> {
    const remaining = time.deadline - Date.now();
    if (remaining <= 0) throw new UpstreamTimeoutError(this.settings.timeoutMs);
    // A token that does not come within the call's deadline is "no token" (503 naming the credential
    // mode): the Live Platform was never asked, so it is not a Live Platform timeout.
    const tokenRequest = this.tokens.getToken(remaining);
    if (!this.httpClient) {
      // The process's first call loads axios while the identity endpoint answers, not before it is
      // asked. Two turns of the event loop: the request is written once its connection opens, in the
      // poll phase, and an invocation (an I/O callback) reaches the next check phase before that.
      tokenRequest.catch(() => undefined);
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
      this.http();
    }
    const token = await tokenRequest;
    const ticket = await this.takeBudget(call, time);
    try {
      return await this.send(path, params, call, time.deadline, token, ticket);
    } finally {
      // Sent or failed: either way the Live Platform has seen the call by now, if ever.
      ticket.arrived();
    }
  }

  private async send(
    path: string,
    params: Record<string, string>,
    call: UpstreamCall,
    deadline: number,
    token: string,
    ticket: BudgetTicket,
  ): Promise<{ body: unknown } | Attempt> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'X-Correlation-Id': call.correlationId };
    if (call.channelId !== null) headers['X-Ovoc-Channel-Id'] = String(call.channelId);
    if (call.traceparent) headers['traceparent'] = call.traceparent;

    const signal = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
    try {
      const response = await this.http().get<Readable>(path, { params, headers, signal });
      // Response headers are back: the Live Platform has counted the call by now.
      ticket.arrived();
      // A refused token is not presented again: the next call gets a new one instead of 502s until it expires.
      if (response.status === 401 || response.status === 403) this.tokens.invalidate(token);
      if (response.status !== 200) {
        // Only the status and headers matter; let the socket go back to the pool.
        response.data.resume();
        return this.classify(response, params['msTenantId'] ?? '');
      }
      // The deadline covers the body too: a body that stalls is cut off with the request.
      const cutOff = () => response.data.destroy(new Error('aborted at the deadline'));
      signal.addEventListener('abort', cutOff, { once: true });
      try {
        return { body: await readJsonBody(response.data, this.settings.maxResponseBytes) };
      } finally {
        signal.removeEventListener('abort', cutOff);
      }
    } catch (error) {
      if (error instanceof DomainError) throw error;
      return this.networkFailure(error, deadline);
    }
  }

  private networkFailure(error: unknown, deadline: number): Attempt {
    if (Date.now() >= deadline - 5) throw new UpstreamTimeoutError(this.settings.timeoutMs);
    // Read the fields rather than the class: a body stream fails with Node's own errors, which are not
    // axios errors (and, in another realm such as jest's, not even instances of that realm's Error).
    const { code, message } = errorFields(error);
    const reset = resetCodes.has(code) || /socket hang up|aborted|reset/i.test(message);
    return { retryable: reset, error: new UpstreamUnavailableError(`network error ${code || message || 'unknown'}`) };
  }

  /** Every answer but 200: the contract's mapping of upstream failures. */
  private classify(response: AxiosResponse<Readable>, msTenantId: string): Attempt {
    const status = response.status;
    if (status === 401 || status === 403) throw new UpstreamRefusedError(status);
    if (status === 404) throw new UpstreamTenantNotFoundError(msTenantId);
    if (status >= 300 && status < 400) throw new UpstreamBadResponseError(`redirect ${status} not followed`);
    const retryAfterHeader = response.headers['retry-after'] as string | undefined;
    const retryAfterMs = parseRetryAfterMs(retryAfterHeader);
    if (status === 429) {
      const seconds = Math.max(1, Math.ceil((retryAfterMs ?? 10_000) / 1000));
      return { retryable: true, retryAfterMs, error: new UpstreamThrottledError(seconds, 'upstream answered 429') };
    }
    if (status >= 500) return { retryable: true, retryAfterMs, error: new UpstreamUnavailableError(`upstream answered ${status}`) };
    throw new UpstreamBadResponseError(`upstream answered ${status}`);
  }
}

function errorFields(error: unknown): { code: string; message: string } {
  const fields = (error ?? {}) as { code?: unknown; message?: unknown };
  return { code: typeof fields.code === 'string' ? fields.code : '', message: typeof fields.message === 'string' ? fields.message : '' };
}
