import type { OutcomeEntity } from '../../shared/snapshots/runRows';
import { abandonedAfterMs, dispatchAbandoned, dispatchDeadlineMs, runStatus, settledOutcome } from '../../shared/snapshots/runStatus';

const now = Date.parse('2026-03-01T12:00:00Z');
const ago = (ms: number) => new Date(now - ms);

describe('runStatus', () => {
  test.each([
    [{ tenantCount: undefined }, [], 'running'],
    [{ tenantCount: 2 }, ['succeeded'], 'running'],
    [{ tenantCount: 2 }, ['succeeded', 'running'], 'running'],
    [{ tenantCount: 2 }, ['succeeded', 'succeeded'], 'succeeded'],
    [{ tenantCount: 2 }, ['succeeded', 'suspect'], 'suspect'],
    [{ tenantCount: 2 }, ['suspect', 'failed'], 'partial'],
    [{ tenantCount: 2 }, ['failed', 'failed'], 'failed'],
    [{ tenantCount: 0 }, [], 'succeeded'],
    [{ tenantCount: 0, error: 'Tenant discovery failed' }, [], 'failed'],
  ] as const)('a run %j whose tenants are %j is %s', (run, statuses, expected) => {
    expect(runStatus(run, statuses, now)).toBe(expected);
  });

  test('a run never dispatched is failed once the dispatch deadline has passed, running before', () => {
    expect(runStatus({ tenantCount: undefined, startedAt: ago(dispatchDeadlineMs + 1) }, [], now)).toBe('failed');
    expect(runStatus({ tenantCount: undefined, startedAt: ago(dispatchDeadlineMs - 1) }, [], now)).toBe('running');
    expect(runStatus({ tenantCount: 1, startedAt: ago(dispatchDeadlineMs + 1), enqueuedAt: ago(dispatchDeadlineMs) }, ['succeeded'], now)).toBe('succeeded');
  });
});

describe('dispatchAbandoned', () => {
  test('only a run with no error, not enqueued, started longer ago than the deadline', () => {
    expect(dispatchAbandoned({ startedAt: ago(dispatchDeadlineMs + 1) }, now)).toBe(true);
    expect(dispatchAbandoned({ startedAt: ago(dispatchDeadlineMs + 1), enqueuedAt: ago(1) }, now)).toBe(false);
    expect(dispatchAbandoned({ startedAt: ago(dispatchDeadlineMs + 1), error: 'Tenant discovery failed' }, now)).toBe(false);
    expect(dispatchAbandoned({ startedAt: ago(dispatchDeadlineMs) }, now)).toBe(false);
    expect(dispatchAbandoned({}, now)).toBe(false);
  });
});

describe('settledOutcome', () => {
  const running = { status: 'running', attempts: 3, startedAt: ago(abandonedAfterMs + 1), error: 'Live Platform unavailable: …' } as OutcomeEntity;

  test('a tenant running longer than the host could still retry it is reported failed, with the last error', () => {
    expect(settledOutcome(running, now)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/within 2 h of the first delivery \(3 so far\).*Last error: Live Platform unavailable/),
    });
  });

  test('leaves a recent running tenant and every final outcome as they are', () => {
    const recent = { ...running, startedAt: ago(abandonedAfterMs) };
    expect(settledOutcome(recent, now)).toBe(recent);
    const succeeded = { ...running, status: 'succeeded' } as OutcomeEntity;
    expect(settledOutcome(succeeded, now)).toBe(succeeded);
  });
});
