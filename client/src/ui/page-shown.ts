import { useSyncExternalStore } from 'react';

/*
 * Whether the first page of this load has shown its content (its h1 was painted; see usePageHeading). What the
 * page does not need to draw itself (the live-updates socket, the bell's count) waits for it: on a phone's slow
 * line every request before that paint shares the bandwidth with the page's own and delays it.
 */

/** Stop waiting after this long (a page that never shows an h1: an error, a dead end). */
export const PAGE_SHOWN_FALLBACK_MS = 3_000;

let shown = false;
let fallback: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function setShown(): void {
  if (shown) return;
  shown = true;
  clearTimeout(fallback);
  for (const listener of [...listeners]) listener();
  listeners.clear();
}

/** The page's content has been painted (called once its h1 is on screen). */
export function markPageShown(): void {
  setShown();
}

export function isPageShown(): boolean {
  return shown;
}

/** Calls `run` once the page has shown its content, or PAGE_SHOWN_FALLBACK_MS after the first wait began; returns a cancel. */
export function afterPageShown(run: () => void): () => void {
  if (shown) {
    run();
    return () => undefined;
  }
  return subscribe(() => run());
}

/**
 * Calls `run` once the page has shown its content and the main thread is next idle (within `idleTimeoutMs`): after
 * the page's own work of that moment, e.g. the editor's body painted a frame after its heading. Returns a cancel.
 */
export function whenPageIdle(run: () => void, idleTimeoutMs = 1_000): () => void {
  let cancelIdle: () => void = () => undefined;
  const cancelShown = afterPageShown(() => {
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(() => run(), { timeout: idleTimeoutMs });
      cancelIdle = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(run, 0);
      cancelIdle = () => clearTimeout(id);
    }
  });
  return () => {
    cancelShown();
    cancelIdle();
  };
}

function subscribe(listener: () => void): () => void {
  if (shown) return () => undefined;
  listeners.add(listener);
  fallback ??= setTimeout(setShown, PAGE_SHOWN_FALLBACK_MS);
  return () => {
    listeners.delete(listener);
  };
}

/** True once the page has shown its content (or the fallback delay has passed). */
export function usePageShown(): boolean {
  return useSyncExternalStore(subscribe, isPageShown);
}

/** For tests: back to a fresh load. */
export function resetPageShownForTests(): void {
  shown = false;
  listeners.clear();
  clearTimeout(fallback);
  fallback = undefined;
}
