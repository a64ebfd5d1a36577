import type { InvocationContext } from '@azure/functions';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * A log line says what happened, not everything a caller or the upstream sent: past this it is
 * cut, before redaction, so neither the line nor the work to redact it grows with hostile input.
 */
export const maxLogLineChars = 8192;

// Runs of characters a bearer token or a JWT is made of. Each run is matched once, so redaction
// is linear in the line (the former pattern, eyJ…\.…\.…, backtracked over every "eyJ" it met).
const tokenRun = /[A-Za-z0-9._~+/=-]+/g;
const bearerBefore = /Bearer\s+$/i;

/**
 * A JWT starts with "eyJ" (base64url of '{"') and has dot-separated segments. Two segments are
 * enough to call it one (a line cut inside a token keeps its header and claims, never a usable
 * one), and short ones count: "eyJ" and 5 more characters, a dot, 5 characters.
 */
function holdsJwt(run: string): boolean {
  const segments = run.split('.');
  for (let index = 0; index + 1 < segments.length; index++) {
    const segment = segments[index] as string;
    const start = segment.indexOf('eyJ');
    if (start >= 0 && /^[A-Za-z0-9_-]{8}/.test(segment.slice(start, start + 8)) && /^[A-Za-z0-9_-]{5}/.test(segments[index + 1] as string)) return true;
  }
  return false;
}

/** Last line of defence: nothing shaped like a bearer token or JWT reaches a log. */
export function redact(message: string): string {
  return message
    .replace(tokenRun, (run: string, offset: number) => {
      // "Bearer" itself is a run; the token is the run after it.
      if (/^Bearer$/i.test(run)) return run;
      if (bearerBefore.test(message.slice(Math.max(0, offset - 64), offset))) return '[redacted]';
      return holdsJwt(run) ? '[redacted]' : run;
    })
    .replace(/Bearer\s+\[redacted\]/gi, '[redacted]');
}

const tokenCharacter = /[A-Za-z0-9._~+/=-]/;
/** Longer than any token: a run past this at the cut is cut through, not backed off from. */
const longestToken = 4096;

/**
 * The message cut to maxLogLineChars. A cut inside a token-sized run of token characters moves to
 * the run's start, so no fragment of a token (too short for the patterns to know it) is left.
 */
export function boundLogLine(message: string): string {
  if (message.length <= maxLogLineChars) return message;
  let end = maxLogLineChars;
  if (tokenCharacter.test(message.charAt(end))) {
    while (end > maxLogLineChars - longestToken && tokenCharacter.test(message.charAt(end - 1))) end--;
    if (end === maxLogLineChars - longestToken) end = maxLogLineChars;
  }
  return `${message.slice(0, end)}… (${message.length - end} characters cut)`;
}

/** Every line carries the invocation's correlation id, so one search finds the whole request. */
export function invocationLogger(context: InvocationContext, correlationId: string): Logger {
  const line = (message: string) => `[correlationId=${correlationId}] ${redact(boundLogLine(message))}`;
  return {
    info: (message) => context.log(line(message)),
    warn: (message) => context.warn(line(message)),
    error: (message) => context.error(line(message)),
  };
}
