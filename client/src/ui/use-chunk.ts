import { useEffect, useState } from 'react';

/**
 * A chunk (a dynamic import, memoised by `load`) once `wanted` and loaded; null until then. A load that fails is
 * thrown to the page's error boundary, as a lazy component's would be.
 */
export function useChunk<T>(load: () => Promise<T>, wanted: boolean): T | null {
  const [chunk, setChunk] = useState<T | null>(null);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  useEffect(() => {
    if (!wanted || chunk !== null) return;
    let live = true;
    load().then(
      (loaded) => live && setChunk(() => loaded),
      (error: unknown) => live && setFailure({ error }),
    );
    return () => {
      live = false;
    };
  }, [load, wanted, chunk]);
  if (failure) throw failure.error;
  return chunk;
}
