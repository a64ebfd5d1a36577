import { runWithConcurrency } from '../../shared/storage/runWithConcurrency';

/** A task whose end the test decides: concurrency is observed, never timed. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('runWithConcurrency', () => {
  test('keeps at most `limit` in flight and returns the results in item order', async () => {
    let inFlight = 0;
    let most = 0;
    const gates = Array.from({ length: 7 }, gate);
    const done = runWithConcurrency([0, 1, 2, 3, 4, 5, 6], 3, async (item, index) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await gates[item]?.opened;
      inFlight--;
      return `${item}@${index}`;
    });
    // Finish them out of order.
    for (const item of [2, 0, 6, 1, 5, 3, 4]) {
      await new Promise((resolve) => setImmediate(resolve));
      gates[item]?.open();
    }
    await expect(done).resolves.toEqual(['0@0', '1@1', '2@2', '3@3', '4@4', '5@5', '6@6']);
    expect(most).toBe(3);
  });

  test('starts nothing new after a failure and rejects with it once the started work settles', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const failure = new Error('item 1 failed');
    const run = runWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await new Promise((resolve) => setImmediate(resolve));
      settled.push(item);
      if (item === 1) throw failure;
      return item;
    });
    await expect(run).rejects.toBe(failure);
    expect(started).toEqual([0, 1, 2]);
    expect(settled).toEqual(started);
  });

  test('no items: no work and an empty result', async () => {
    const work = jest.fn(async () => 1);
    await expect(runWithConcurrency([], 4, work)).resolves.toEqual([]);
    expect(work).not.toHaveBeenCalled();
  });
});
