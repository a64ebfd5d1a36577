import type { PageText } from './pageText';

const bodies = new WeakMap<PageText, { key: string; body: string }>();

/**
 * The last body built around a kept page, reused while `key` (everything else the body says) is the
 * same: a cache hit then answers the very string it answered before. Building a fresh megabyte string
 * costs ~4 ms in V8 however it is assembled; handing back the same one costs nothing.
 */
export function keptBody(page: PageText, key: string, build: () => string): string {
  const kept = bodies.get(page);
  if (kept?.key === key) return kept.body;
  const body = build();
  bodies.set(page, { key, body });
  return body;
}
