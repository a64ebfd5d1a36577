import { readFileSync } from 'node:fs';
import path from 'node:path';
import { snapshotQueue } from '../../shared/storage/snapshotQueue';
import { loadFunctionApp } from '../support/loadFunctionApp';

const host = JSON.parse(readFileSync(path.resolve(__dirname, '../../host.json'), 'utf8')) as { extensions: { queues: Record<string, unknown> } };
const registered = loadFunctionApp();
const triggerOf = (name: string) =>
  Object.values(registered.get(name)?.metadata.bindings ?? {}).find((binding) => binding.direction === 'in' && /Trigger$/.test(binding.type));

describe('snapshot functions as the Functions host sees them', () => {
  test('snapshotScheduler is a timer on %SNAPSHOT_SCHEDULE% that never runs on start-up and keeps its schedule status', () => {
    expect(triggerOf('snapshotScheduler')).toMatchObject({ type: 'timerTrigger', schedule: '%SNAPSHOT_SCHEDULE%', runOnStartup: false, useMonitor: true });
  });

  test('snapshotTenant is triggered by the oc-snapshot-requests queue of the SnapshotStorage connection', () => {
    expect(triggerOf('snapshotTenant')).toMatchObject({ type: 'queueTrigger', queueName: 'oc-snapshot-requests', connection: 'SnapshotStorage' });
  });

  test("the worker's idea of the last delivery is host.json's maxDequeueCount", () => {
    expect(snapshotQueue.maxDequeueCount).toBe(host.extensions.queues['maxDequeueCount']);
  });

  test('messages are encoded the way host.json tells the trigger to decode them', () => {
    expect(snapshotQueue.messageEncoding).toBe(host.extensions.queues['messageEncoding'] ?? 'base64');
  });
});
