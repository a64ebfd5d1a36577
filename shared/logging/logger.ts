import type { InvocationContext } from '@azure/functions';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

// Last line of defence: nothing shaped like a bearer token or JWT reaches a log.
const secretShapes = [/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g];

export function redact(message: string): string {
  return secretShapes.reduce((text, shape) => text.replace(shape, '[redacted]'), message);
}

/** Every line carries the invocation's correlation id, so one search finds the whole request. */
export function invocationLogger(context: InvocationContext, correlationId: string): Logger {
  const line = (message: string) => `[correlationId=${correlationId}] ${redact(message)}`;
  return {
    info: (message) => context.log(line(message)),
    warn: (message) => context.warn(line(message)),
    error: (message) => context.error(line(message)),
  };
}
