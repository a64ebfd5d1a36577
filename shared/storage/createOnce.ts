const created = new Map<string, Promise<unknown>>();

/**
 * Creates a table or queue on first use, once per process and resource URL: every caller waits on
 * the same request, and a failed attempt is forgotten so the next use tries again.
 */
export async function createOnce(url: string, create: () => Promise<unknown>): Promise<void> {
  let pending = created.get(url);
  if (!pending) {
    pending = create().catch((error: unknown) => {
      created.delete(url);
      throw error;
    });
    created.set(url, pending);
  }
  await pending;
}
