import { readAhead } from '../../shared/views/readAhead';

async function* counted(log: string[], count: number, failAt?: number): AsyncGenerator<number> {
  for (let item = 0; item < count; item++) {
    log.push(`read ${item}`);
    await new Promise((resolve) => setImmediate(resolve));
    if (item === failAt) throw new Error(`storage failed at ${item}`);
    yield item;
  }
}

test('yields every item in order, reading at most depth items ahead of the consumer', async () => {
  const log: string[] = [];
  const seen: number[] = [];
  for await (const item of readAhead(counted(log, 6), 2)) {
    // Give the source every chance to run further ahead than it may.
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    const reads = log.filter((entry) => entry.startsWith('read')).length;
    expect(reads).toBeLessThanOrEqual(Math.min(6, item + 1 + 2));
    // And it did run ahead: the next item is asked for before this one is handled.
    if (item < 5) expect(reads).toBeGreaterThan(item + 1);
    seen.push(item);
  }
  expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
});

test('a failure of the source surfaces where its item would have been consumed', async () => {
  const seen: number[] = [];
  await expect(
    (async () => {
      for await (const item of readAhead(counted([], 6, 3), 2)) seen.push(item);
    })(),
  ).rejects.toThrow('storage failed at 3');
  expect(seen).toEqual([0, 1, 2]);
});

test('stopping early closes the source', async () => {
  let closed = false;
  async function* source(): AsyncGenerator<number> {
    try {
      for (let item = 0; ; item++) yield item;
    } finally {
      closed = true;
    }
  }
  for await (const item of readAhead(source(), 2)) if (item === 1) break;
  expect(closed).toBe(true);
});
