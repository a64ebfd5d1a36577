import type { ChangeEvent } from '../../shared/events/changeEvents';

/** The suite sandbox's Event Grid stand-in (sandbox/eventGrid.ts), as globalSetup published it. */
export function eventGridEndpoint(): string {
  const value = process.env['SANDBOX_EVENT_GRID_ENDPOINT'];
  if (!value) throw new Error('SANDBOX_EVENT_GRID_ENDPOINT is not set: is jest running with test/support/globalSetup.ts?');
  return value;
}

const control = (path: string) => `${process.env['SANDBOX_EVENT_GRID_CONTROL_URL'] ?? ''}${path}`;

export type ReceivedEvent = Omit<ChangeEvent, 'time'> & { specversion: string; time: string };

/** Every event the stand-in accepted (from every test), in order of arrival. */
export async function receivedEvents(): Promise<ReceivedEvent[]> {
  const response = await fetch(control('/events'));
  if (!response.ok) throw new Error(`Event Grid stand-in control answered ${response.status}`);
  return ((await response.json()) as { events: ReceivedEvent[] }).events;
}

/** The next `times` publish requests fail with `status`. */
export async function failPublishes(times: number, status = 503): Promise<void> {
  const response = await fetch(control('/faults'), { method: 'PUT', body: JSON.stringify({ status, times }) });
  if (response.status !== 204) throw new Error(`Event Grid stand-in control answered ${response.status}`);
}

export async function clearPublishFaults(): Promise<void> {
  await fetch(control('/faults'), { method: 'DELETE' });
}
