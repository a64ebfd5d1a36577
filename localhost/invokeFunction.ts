import { randomUUID } from 'node:crypto';
import { InvocationContext, type TriggerMetadata } from '@azure/functions';
import type { RecordedFunction } from './functionsCore';
import { logText, type HostLog } from './hostLog';

export interface Invocation<T> {
  invocationId: string;
  outcome: { ok: true; result: T } | { ok: false; error: unknown };
}

/**
 * Runs one function the way the host does: a fresh invocation id, a real InvocationContext whose
 * log lines carry that id, and the "Executing / Executed" lines around it.
 */
export async function invokeFunction<T>(fn: RecordedFunction, trigger: unknown, reason: string, log: HostLog, triggerMetadata?: TriggerMetadata): Promise<Invocation<T>> {
  const functionName = fn.metadata.name;
  const invocationId = randomUUID();
  const context = new InvocationContext({
    functionName,
    invocationId,
    ...(triggerMetadata ? { triggerMetadata } : {}),
    logHandler: (level, ...args) => log.invocation(functionName, invocationId, level, logText(args)),
  });
  const started = performance.now();
  log.info(`Executing 'Functions.${functionName}' (Reason='${reason}', Id=${invocationId})`);
  try {
    const result = (await fn.handler(trigger, context)) as T;
    log.info(`Executed 'Functions.${functionName}' (Succeeded, Id=${invocationId}, Duration=${Math.round(performance.now() - started)}ms)`);
    return { invocationId, outcome: { ok: true, result } };
  } catch (error) {
    log.invocation(functionName, invocationId, 'error', `Failed: ${logText([error])}`);
    log.error(`Executed 'Functions.${functionName}' (Failed, Id=${invocationId}, Duration=${Math.round(performance.now() - started)}ms)`);
    return { invocationId, outcome: { ok: false, error } };
  }
}
