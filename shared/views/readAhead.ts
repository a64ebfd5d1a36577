/**
 * Yields what `source` yields, while asking it for up to `depth` more items ahead of the consumer:
 * with table pages, the next requests are already with storage while this page is being formatted,
 * so storage's time and ours overlap instead of adding up. Memory is bounded by `depth` items.
 * A failure of the source surfaces where its item would have been consumed.
 */
export async function* readAhead<T>(source: AsyncIterator<T>, depth: number): AsyncGenerator<T> {
  const pending: Promise<IteratorResult<T>>[] = [];
  let ended = false;
  const fill = (count: number) => {
    while (!ended && pending.length < count) {
      const next = source.next();
      // Handled where it is awaited; this keeps a failure ahead of the consumer from being unhandled meanwhile.
      next.catch(() => undefined);
      pending.push(next);
      void next.then(
        (result) => {
          if (result.done) ended = true;
        },
        () => {
          ended = true;
        },
      );
    }
  };
  try {
    for (;;) {
      fill(1);
      const head = pending.shift();
      if (!head) return;
      const result = await head;
      if (result.done) return;
      // Up to `depth` items asked for beyond the one the consumer is about to hold.
      fill(depth);
      // Let the requests just asked for reach the socket before the caller's synchronous work on this item.
      await new Promise<void>((resolve) => setImmediate(resolve));
      yield result.value;
    }
  } finally {
    if (!ended) await source.return?.(undefined);
  }
}
