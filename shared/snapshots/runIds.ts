import { randomBytes } from 'node:crypto';

/** Largest ECMAScript time value; subtracting from it makes later times sort first as text. */
const maxTimeMs = 8_640_000_000_000_000;

/** 16 digits that sort newest first: RowKeys of runs and changes start with it. */
export function invertedTime(ms: number): string {
  return String(maxTimeMs - ms).padStart(16, '0');
}

/** One scheduled run per schedule slot: a doubled or past-due firing of that slot gets the same id. */
export function scheduledRunId(slotMs: number): string {
  return `${invertedTime(slotMs)}-scheduled`;
}

export function manualRunId(nowMs: number): string {
  return `${invertedTime(nowMs)}-manual-${randomBytes(3).toString('hex')}`;
}

/** What runIds look like, for validating query parameters and queue messages. */
export const runIdPattern = '^[0-9]{16}-(scheduled|manual-[0-9a-f]{6})$';
