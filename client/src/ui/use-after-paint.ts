import { useEffect, useState } from 'react';

/**
 * True from the first frame painted after `ready` became true (never before: what is on screen then is painted
 * first), and true from then on. For work that must not hold back that paint: a chunk fetched once the text is
 * shown, or a part of the page drawn in a task of its own after the part that the reader waits for.
 */
export function useAfterPaint(ready: boolean): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (!ready || after) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The frame's callback runs before its paint; a task queued from it runs after.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setAfter(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, after]);
  return after;
}
