/**
 * A loader that runs `load` once and hands every caller the same promise; after a failure (a dropped connection,
 * a new deployment whose chunks have other names) the next call runs it again. For chunks fetched on demand.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().catch((err: unknown) => {
      pending = null;
      throw err;
    });
    return pending;
  };
}
