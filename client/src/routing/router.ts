import { useSyncExternalStore } from 'react';

/**
 * A tiny history-based router: the location is an external store fed by
 * `popstate` and by `navigate`, read with useSyncExternalStore. Every app
 * path lives under APP_BASE, where the server serves index.html.
 */
const APP_BASE = '/app';

const NAVIGATE_EVENT = 'kh:navigate';

export interface AppLocation {
  /** Path inside the app, always starting with '/' (e.g. '/g/virology'). */
  path: string;
  search: string;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

export function useLocation(): AppLocation {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { path: toAppPath(url.pathname), search: url.search };
}

/** '/app/g/x' → '/g/x'; anything outside the app maps to '/'. */
function toAppPath(pathname: string): string {
  if (pathname === APP_BASE || pathname === `${APP_BASE}/`) return '/';
  if (pathname.startsWith(`${APP_BASE}/`)) return pathname.slice(APP_BASE.length);
  return '/';
}

export function href(appPath: string): string {
  return APP_BASE + (appPath.startsWith('/') ? appPath : `/${appPath}`);
}

/** Navigates to a path inside the app ('/g/virology?x=1'). */
export function navigate(appPath: string, options: { replace?: boolean } = {}): void {
  const target = href(appPath);
  if (target === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  if (!options.replace) window.scrollTo(0, 0);
}

/** Only same-app paths are accepted as a return target after sign-in (no open redirect). */
export function safeReturnPath(candidate: string | null): string {
  if (!candidate || !candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/login')) return '/';
  return candidate;
}
