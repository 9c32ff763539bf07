/**
 * What a workspace page needs first, for the server to name in the page's HTML: its chunk (`<link
 * rel="modulepreload">`) and its main API reads (`<link rel="preload" as="fetch">`). A phone then asks for them
 * along with the app's own script instead of after it has run: on a slow network, a round trip or two less before
 * the page's text shows. The client's routes ask for the same once its script runs (client/src/app/routes.tsx,
 * preloadRoute), and the browser hands them what was preloaded; a client test checks that both ask for the same
 * reads.
 */
export interface WorkspacePageHints {
  /** The page's chunk, as the client's sources name it (its key in the build's manifest). */
  chunk: string;
  /** The reads the page starts with: GET, same-origin, with the session cookie. */
  reads: string[];
}

const ID = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';

/** The workspace's pages that have a chunk of their own, by path under /app (an id: hex digits and dashes, in either case, as the address writes it). */
const PAGES: { path: RegExp; hints: (id: string) => WorkspacePageHints }[] = [
  {
    path: new RegExp(`^/e/${ID}$`, 'i'),
    hints: (id) => ({ chunk: 'src/features/editor/editor-page.tsx', reads: [`/api/entries/${id}`, `/api/entries/${id}/published?optional=true`] }),
  },
  { path: new RegExp(`^/review/${ID}$`, 'i'), hints: (id) => ({ chunk: 'src/features/review/review-page.tsx', reads: [`/api/revisions/${id}`] }) },
  { path: /^\/review$/, hints: () => ({ chunk: 'src/features/review/review-queue-page.tsx', reads: ['/api/review/queue'] }) },
  { path: /^\/account$/, hints: () => ({ chunk: 'src/features/account/account-page.tsx', reads: ['/api/me'] }) },
  { path: /^\/admin$/, hints: () => ({ chunk: 'src/features/admin/admin-page.tsx', reads: [] }) },
  { path: /^\/notifications$/, hints: () => ({ chunk: 'src/features/notifications/notifications-page.tsx', reads: [] }) },
];

/**
 * The hints for a signed-in member's load of `pathname` (the address's path, /app/… ), or null for a page without
 * a chunk of its own, an address that is not a page, or an id that is not one (nothing of the address but a checked
 * id ever reaches the page's HTML).
 */
export function workspacePageHints(pathname: string): WorkspacePageHints | null {
  const m = /^\/app(\/.*)$/.exec(pathname);
  if (!m) return null;
  // The router takes /app/review/ for /app/review.
  const path = m[1].length > 1 ? m[1].replace(/\/$/, '') : m[1];
  for (const page of PAGES) {
    const match = page.path.exec(path);
    if (match) return page.hints(match[1] ?? '');
  }
  return null;
}
