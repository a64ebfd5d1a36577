import { isPlainObject } from './http';

/**
 * Faults the tests arm per tenant: the next `times` number calls for that tenant (or every
 * call until cleared) misbehave in the chosen way instead of answering normally.
 */

export const FAULT_KINDS = [
  '429',
  '500',
  '503',
  '401',
  '403',
  '404',
  'slow',
  'hang',
  'reset',
  'resetMidBody',
  'invalidJson',
  'nonArray',
  'oversized',
  'redirect',
  'drift',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  fault: FaultKind;
  /** How many calls it applies to; absent = until cleared. */
  times?: number;
  /** `429` only: sent as `Retry-After`; absent = no Retry-After header. */
  retryAfterSeconds?: number;
  /** Wait this long before acting (`slow`: then answer normally). */
  delayMs?: number;
  /** `oversized` only: approximate body size; default 70 MiB. */
  bytes?: number;
}

export const DEFAULT_OVERSIZED_BYTES = 70 * 1024 * 1024;

/** Fault key for `GET /api/v3/customer` (tenant discovery), beside the per-tenant keys. */
export const CUSTOMER_LIST_FAULT_KEY = 'customers';

/** Validates a control-API body; returns the spec or a message naming what is wrong. */
export function parseFaultSpec(body: unknown): FaultSpec | string {
  if (!isPlainObject(body)) return 'body must be a JSON object';
  const fault = typeof body['fault'] === 'number' ? String(body['fault']) : body['fault'];
  if (typeof fault !== 'string' || !(FAULT_KINDS as readonly string[]).includes(fault)) {
    return `fault must be one of ${FAULT_KINDS.join(', ')}`;
  }
  const spec: FaultSpec = { fault: fault as FaultKind };
  for (const name of ['times', 'retryAfterSeconds', 'delayMs', 'bytes'] as const) {
    const value = body[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return `${name} must be a non-negative integer`;
    spec[name] = value;
  }
  if (spec.times === 0) return 'times must be at least 1 (DELETE the fault to clear it)';
  return spec;
}

export class FaultBook {
  private readonly faults = new Map<string, FaultSpec>();

  set(key: string, spec: FaultSpec): void {
    this.faults.set(key.toLowerCase(), { ...spec });
  }

  clear(key: string): boolean {
    return this.faults.delete(key.toLowerCase());
  }

  /** The fault for this call, if any, counting it against `times`. */
  take(key: string): FaultSpec | undefined {
    const id = key.toLowerCase();
    const spec = this.faults.get(id);
    if (!spec) return undefined;
    const taken = { ...spec };
    if (spec.times !== undefined) {
      spec.times -= 1;
      if (spec.times <= 0) this.faults.delete(id);
    }
    return taken;
  }

  peek(key: string): FaultSpec | undefined {
    const spec = this.faults.get(key.toLowerCase());
    return spec ? { ...spec } : undefined;
  }

  reset(): void {
    this.faults.clear();
  }
}
