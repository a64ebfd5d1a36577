import './useFunctionsCore';
import path from 'node:path';
import type { Server } from 'node:http';
import { bannerLines } from './banner';
import { onSystemLog, registeredHooks, type RecordedFunction } from './functionsCore';
import { localFunctionKey } from './functionKeys';
import { readHostConfig } from './hostConfig';
import { consoleHostLog } from './hostLog';
import { createHttpHost, httpRoutes, listen } from './httpHost';
import { invokeFunction } from './invokeFunction';
import { loadApp } from './loadApp';
import { applyValues, readLocalSettings, resolveSettingReferences } from './localSettings';
import { QueueTrigger, queueServiceFor } from './queueHost';
import { fileStatusStore, ncrontabSchedule, TimerTrigger } from './timerHost';

/**
 * The built-in local host: `npm start` runs it where Azure Functions Core Tools are not installed.
 * It loads the compiled app through the real `@azure/functions` package against the same
 * functions-core stand-in the tests use, and serves what the registrations, host.json and
 * local.settings.json describe: HTTP routes, timers and queue triggers.
 * Usage: node dist/localhost/main.js [--port N]   (from the app's folder; npm start adds --banner-shown)
 */

function portArgument(argv: readonly string[], fallback: number): number {
  const index = argv.indexOf('--port');
  const raw = index >= 0 ? argv[index + 1] : argv.find((arg) => arg.startsWith('--port='))?.slice('--port='.length);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number (0-65535), got "${raw}"`);
  return port;
}

function triggerOf(fn: RecordedFunction): Record<string, unknown> | undefined {
  return Object.values(fn.metadata.bindings).find((binding) => binding.direction === 'in' && /Trigger$/.test(binding.type));
}

async function main(): Promise<void> {
  const appRoot = process.cwd();
  const stateDir = path.join(appRoot, '.local', 'local-host');
  const log = consoleHostLog();
  // npm start prints the banner before it starts Azurite and the sandbox; run alone, the host does.
  if (!process.argv.includes('--banner-shown')) for (const line of bannerLines) process.stdout.write(`${line}\n`);

  const localSettings = readLocalSettings(appRoot);
  for (const name of applyValues(localSettings.values)) log.info(`Skipping '${name}' from local.settings.json: it is already set in the environment.`);
  const host = readHostConfig(appRoot);
  const port = portArgument(process.argv.slice(2), localSettings.localHttpPort ?? 7071);

  onSystemLog((level, _category, message) => (level === 'error' || level === 'warning' ? log.warn(message) : undefined));
  const functions = [...loadApp(appRoot).values()];
  for (const hook of registeredHooks('appStart')) await hook({ hookData: {}, appHookData: {}, functionAppDirectory: appRoot });
  for (const name of ['preInvocation', 'postInvocation']) {
    if (registeredHooks(name).length > 0) log.warn(`The app registers ${name} hooks; the built-in local host does not run them.`);
  }

  const functionKey = localFunctionKey(stateDir);
  const routes = httpRoutes(functions);
  const server: Server = createHttpHost({
    routes,
    routePrefix: host.routePrefix,
    functionKey,
    log,
    corsOrigins: localSettings.corsOrigins,
    functionTimeoutMs: host.functionTimeoutMs,
  });
  const boundPort = await listen(server, port);
  const base = `http://localhost:${boundPort}${host.routePrefix ? `/${host.routePrefix}` : ''}`;

  const timers: TimerTrigger[] = [];
  const queues: QueueTrigger[] = [];
  const lines = ['', 'Functions:', ''];
  /** Sets up one non-HTTP trigger and says what it is; a trigger that cannot run is named and left out, as the host marks a function in error. */
  const setUpTrigger = (fn: RecordedFunction, trigger: Record<string, unknown> | undefined): string => {
    const name = fn.metadata.name;
    if (trigger?.type === 'timerTrigger') {
      const expression = resolveSettingReferences(String(trigger['schedule']));
      timers.push(
        new TimerTrigger({
          functionName: name,
          schedule: ncrontabSchedule(expression, process.env['WEBSITE_TIME_ZONE'] || 'Etc/UTC'),
          useMonitor: trigger['useMonitor'] !== false,
          runOnStartup: trigger['runOnStartup'] === true,
          store: fileStatusStore(path.join(stateDir, 'timers')),
          fire: async (timerInfo) => {
            await invokeFunction(fn, timerInfo, `Timer fired at ${new Date().toISOString()}${timerInfo.isPastDue ? ' (past due)' : ''}`, log, {
              functionTimeoutMs: host.functionTimeoutMs,
            });
          },
        }),
      );
      return `timerTrigger (${expression})`;
    }
    if (trigger?.type === 'queueTrigger') {
      const queueName = resolveSettingReferences(String(trigger['queueName']));
      const service = queueServiceFor(String(trigger['connection'] ?? ''));
      queues.push(
        new QueueTrigger({
          functionName: name,
          queue: service.getQueueClient(queueName),
          poisonQueue: service.getQueueClient(`${queueName}-poison`),
          options: host.queues,
          log,
          run: async (input, triggerMetadata) =>
            (
              await invokeFunction(fn, input, `New queue message detected on '${queueName}'.`, log, {
                triggerMetadata,
                functionTimeoutMs: host.functionTimeoutMs,
              })
            ).outcome.ok,
        }),
      );
      return `queueTrigger (${queueName}; poison queue ${queueName}-poison)`;
    }
    return `${String(trigger?.type ?? 'no trigger')} (not run by the built-in local host)`;
  };

  for (const fn of functions) {
    const name = fn.metadata.name;
    const route = routes.find((candidate) => candidate.fn === fn);
    if (route) {
      lines.push(
        `  ${name}: [${route.methods.length ? route.methods.join(',') : 'ALL'}] ${base}/${route.route.template}${route.authLevel === 'anonymous' ? '' : '  (key)'}`,
      );
      continue;
    }
    try {
      lines.push(`  ${name}: ${setUpTrigger(fn, triggerOf(fn))}`);
    } catch (error) {
      lines.push(`  ${name}: in error, not running: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  lines.push('', `Function key (x-functions-key header or ?code=): ${functionKey}`, `Listening on ${base}/  (Ctrl+C stops it)`, '');
  process.stdout.write(`${lines.join('\n')}\n`);

  for (const queue of queues) queue.start();
  // A past-due firing runs in the background, as the host's does; the next occurrence is scheduled after it.
  for (const timer of timers) {
    void timer.start().then(
      () => timer.nextOccurrence && log.info(`${timer.functionName} next runs at ${timer.nextOccurrence.toISOString()}`),
      (error: unknown) => log.error(`${timer.functionName} could not start: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping the built-in local host`);
    server.close();
    // Idle keep-alive connections would hold the server open; requests in flight finish first.
    server.closeIdleConnections();
    const drained = Promise.allSettled([...timers.map((timer) => timer.stop()), ...queues.map((queue) => queue.stop())]);
    const deadline = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
    void Promise.race([drained, deadline])
      .then(async () => {
        for (const hook of registeredHooks('appTerminate')) await hook({ hookData: {}, appHookData: {} });
      })
      .finally(() => {
        server.closeAllConnections();
        process.exit(0);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`The built-in local host could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
