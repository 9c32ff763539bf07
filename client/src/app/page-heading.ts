import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { markPageShown } from '../ui/page-shown';

/**
 * Each page announces itself: the document's title follows the page's h1
 * ("<page> — Knowledge Hub"), and after a navigation (a followed link,
 * signing in) focus moves to that h1, so a screen reader reads where one
 * landed and the next Tab starts at the page, not at the top of the header.
 *
 * Pages render their h1 when their data arrives (and lazy pages later
 * still): the h1 is awaited with a MutationObserver on <main>. Focus moves
 * only if nothing in the page took it meanwhile (an autofocused field, a
 * click).
 */
export function titleFor(heading: string | null | undefined, appName: string): string {
  const text = heading?.replace(/\s+/g, ' ').trim();
  return text ? `${text} — ${appName}` : appName;
}

/** Whether moving focus to the heading would take it from someone: only the body or the header (the link just followed) may lose it. */
export function mayTakeFocus(active: Element | null, main: Element): boolean {
  if (!active || active === document.body || active === document.documentElement) return true;
  return !main.contains(active) && active.closest('header') !== null;
}

export function usePageHeading(appName: string): void {
  const { key } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per navigation (a new location key)
  useEffect(() => {
    const main = document.getElementById('main');
    if (!main) return;
    let focused = false;
    let marked = false;
    const cancels: (() => void)[] = [];
    const update = () => {
      const h1 = main.querySelector('h1');
      document.title = titleFor(h1?.textContent, appName);
      // The page has shown its content once its heading is painted with no "Loading…" left in it, nor a part that
      // says it is still to come (data-pending): what waited for that (live updates, the bell's count) may start.
      if (h1 && !marked && !main.querySelector('.loading, [data-pending]')) {
        marked = true;
        // A frame later still: the paint is on screen (presented) by then, not merely drawn.
        cancels.push(afterNextPaint(() => cancels.push(afterNextPaint(markPageShown))));
      }
      if (!h1 || focused) return;
      focused = true;
      if (!h1.hasAttribute('tabindex')) h1.setAttribute('tabindex', '-1');
      // Focus needs an up-to-date layout: asked for right after the page rendered, it lays the whole page out
      // inside the render's task (a long one on a phone). After the next paint the layout is done already.
      cancels.push(
        afterNextPaint(() => {
          if (h1.isConnected && mayTakeFocus(document.activeElement, main)) h1.focus({ preventScroll: true });
        }),
      );
    };
    update();
    const observer = new MutationObserver(update);
    observer.observe(main, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-pending'] });
    return () => {
      observer.disconnect();
      for (const cancel of cancels) cancel();
    };
  }, [key, appName]);
}

/** Runs `run` after the next paint (a frame's callback runs before its paint; a task queued from it, after). Returns a cancel. */
function afterNextPaint(run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(run, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
