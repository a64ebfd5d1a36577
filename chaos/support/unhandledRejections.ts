/**
 * Unhandled promise rejections and uncaught exceptions in the process since the suite started,
 * as counted by chaos/support/chaosEnvironment.ts (jest also fails the running test on each).
 */
export interface RejectionCount {
  count: number;
  samples: string[];
}

export function unhandledSoFar(): RejectionCount {
  const read = (globalThis as unknown as Record<string, unknown>)['chaosUnhandled'];
  if (typeof read !== 'function') throw new Error('chaosUnhandled is missing: run the chaos suites with chaos/jest.config.mjs');
  return (read as () => RejectionCount)();
}

/** Lets late rejections (timers of abandoned calls) surface before the count is read. */
export async function settle(ms = 500): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
