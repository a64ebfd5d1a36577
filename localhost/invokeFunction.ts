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
export interface InvokeOptions {
  triggerMetadata?: TriggerMetadata;
  /** host.json `functionTimeout`: the host would stop an invocation that runs longer; this host says so in the log. */
  functionTimeoutMs?: number;
}

export async function invokeFunction<T>(
  fn: RecordedFunction,
  trigger: unknown,
  reason: string,
  log: HostLog,
  options: InvokeOptions = {},
): Promise<Invocation<T>> {
  const { triggerMetadata, functionTimeoutMs } = options;
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
  const overdue =
    functionTimeoutMs === undefined
      ? undefined
      : setTimeout(
          () =>
            log.invocation(
              functionName,
              invocationId,
              'warning',
              `Still running after host.json functionTimeout (${functionTimeoutMs} ms): the Functions host would have stopped it`,
            ),
          functionTimeoutMs,
        ).unref();
  try {
    const result = (await fn.handler(trigger, context)) as T;
    log.info(`Executed 'Functions.${functionName}' (Succeeded, Id=${invocationId}, Duration=${Math.round(performance.now() - started)}ms)`);
    return { invocationId, outcome: { ok: true, result } };
  } catch (error) {
    log.invocation(functionName, invocationId, 'error', `Failed: ${logText([error])}`);
    log.error(`Executed 'Functions.${functionName}' (Failed, Id=${invocationId}, Duration=${Math.round(performance.now() - started)}ms)`);
    return { invocationId, outcome: { ok: false, error } };
  } finally {
    clearTimeout(overdue);
  }
}
