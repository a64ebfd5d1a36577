import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What the built-in local host takes from host.json, with the Functions host's defaults for what
 * the file leaves out (docs: host.json reference, `extensions.http` and `extensions.queues`).
 */
export interface QueueHostOptions {
  batchSize: number;
  newBatchThreshold: number;
  maxDequeueCount: number;
  /** The delay before a failed message is visible again. */
  visibilityTimeoutMs: number;
  maxPollingIntervalMs: number;
  messageEncoding: 'base64' | 'none';
}

export interface HostConfig {
  routePrefix: string;
  queues: QueueHostOptions;
  functionTimeoutMs: number;
}

const defaultFunctionTimeoutMs = 30 * 60_000;

/** A .NET TimeSpan as host.json writes it: `hh:mm:ss`, `d.hh:mm:ss`, with optional fractional seconds. */
export function parseTimeSpan(text: string, what: string): number {
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text.trim());
  if (!match) throw new Error(`host.json ${what}: "${text}" is not a time span (hh:mm:ss)`);
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  return Math.round(((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000);
}

function wholeNumber(value: unknown, what: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new Error(`host.json ${what} must be a whole number of at least ${min}, got ${JSON.stringify(value)}`);
  return value;
}

export function readHostConfig(appRoot: string): HostConfig {
  const file = path.join(appRoot, 'host.json');
  if (!existsSync(file)) throw new Error(`No host.json in ${appRoot}: run the local host from the app's folder`);
  const host = JSON.parse(readFileSync(file, 'utf8')) as {
    functionTimeout?: string;
    extensions?: { http?: { routePrefix?: string }; queues?: Record<string, unknown> };
  };
  const queues = host.extensions?.queues ?? {};
  const batchSize = wholeNumber(queues['batchSize'], 'extensions.queues.batchSize', 16, 1);
  const encoding = queues['messageEncoding'] ?? 'base64';
  if (encoding !== 'base64' && encoding !== 'none')
    throw new Error(`host.json extensions.queues.messageEncoding must be "base64" or "none", got ${JSON.stringify(encoding)}`);
  const timeSpan = (name: string, fallbackMs: number) =>
    typeof queues[name] === 'string' ? parseTimeSpan(queues[name], `extensions.queues.${name}`) : fallbackMs;
  return {
    routePrefix: (host.extensions?.http?.routePrefix ?? 'api').replace(/^\/+|\/+$/g, ''),
    functionTimeoutMs: host.functionTimeout ? parseTimeSpan(host.functionTimeout, 'functionTimeout') : defaultFunctionTimeoutMs,
    queues: {
      batchSize,
      newBatchThreshold: wholeNumber(queues['newBatchThreshold'], 'extensions.queues.newBatchThreshold', Math.floor(batchSize / 2), 0),
      maxDequeueCount: wholeNumber(queues['maxDequeueCount'], 'extensions.queues.maxDequeueCount', 5, 1),
      visibilityTimeoutMs: timeSpan('visibilityTimeout', 0),
      maxPollingIntervalMs: timeSpan('maxPollingInterval', 60_000),
      messageEncoding: encoding,
    },
  };
}
