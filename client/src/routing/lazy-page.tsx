import { type ComponentType, type ReactNode, Suspense, use, useEffect, useState } from 'react';
import type { RoutePrefetch } from '../api/prefetch';
import { useI18n } from '../i18n/i18n-context';
import { Loading } from '../ui/loading';

/*
 * A page in a chunk of its own, like React.lazy, but rendered once its chunk is in, by a plain state update, not by
 * a Suspense boundary revealing its content. React holds such a reveal back until 300 ms after the fallback appeared,
 * so a page whose "Loading…" showed for a moment came 300 ms late (measured: the editor's text at 464 ms instead of
 * 204 on this machine, more on a phone). The chunk of the page a load starts on is asked for before the first render
 * (preloadRoute, from main.tsx), side by side with the page's data.
 */

/** A promise that says, once settled, how it settled: React's `use` reads a settled one without suspending. */
interface Tracked<T> extends Promise<T> {
  status?: 'fulfilled' | 'rejected';
  value?: T;
  reason?: unknown;
}

export interface PageChunk {
  /** Fetches the page's chunk: once, and again after a failure. Never rejects (rendering the page reports it). */
  preload: () => Promise<unknown>;
  /** The chunk is in: the page renders at once. */
  ready: () => boolean;
}

export type LazyPage<P> = ComponentType<P> & PageChunk;

export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): LazyPage<P> {
  let pending: Tracked<ComponentType<P>> | null = null;
  const start = (): Tracked<ComponentType<P>> => {
    const promise: Tracked<ComponentType<P>> = load();
    promise.then(
      (value) => {
        promise.status = 'fulfilled';
        promise.value = value;
      },
      (reason: unknown) => {
        promise.status = 'rejected';
        promise.reason = reason;
      },
    );
    pending = promise;
    return promise;
  };
  // Asked for again after a failure (a dropped connection, a new deployment) when the page is opened again.
  const preload = () => (!pending || pending.status === 'rejected' ? start() : pending).catch(() => undefined);
  const ready = () => pending?.status === 'fulfilled';
  // biome-ignore lint/correctness/noComponentHookFactories: called once per page at module level, as React.lazy is
  function Page(props: P) {
    // Rendered by <Lazy> once its chunk settled: reads the component, or throws the failure to the route's error boundary.
    const Component = use((pending ?? start()) as Promise<ComponentType<P>>);
    return <Component {...props} />;
  }
  return Object.assign(Page, { preload, ready });
}

/** Renders `children` (the lazy `page`) once its chunk is in; "Loading…" until then. */
export function Lazy({ page, children }: { page: PageChunk; children: ReactNode }) {
  const { t } = useI18n();
  // Settled: in, or failed (the page then throws the failure to the route's error boundary). Opened again after a
  // failure (a new <Lazy>), the chunk is asked for again.
  const [settled, setSettled] = useState(page.ready);
  useEffect(() => {
    if (settled) return;
    let live = true;
    page.preload().then(() => live && setSettled(true));
    return () => {
      live = false;
    };
  }, [page, settled]);
  const loading = <Loading label={t('common.loading')} />;
  // The boundary only catches what should not happen (the page read before its chunk settled).
  return <Suspense fallback={loading}>{settled ? children : loading}</Suspense>;
}

/** A route's `handle`: what to start ahead of the first render of a load (preloadRoute): the page's chunk, its reads. */
export interface RouteHandle {
  page?: PageChunk;
  prefetch?: RoutePrefetch;
  /** Opened signed out too (a password-reset link): its chunk is fetched for someone signed out. */
  public?: boolean;
}
