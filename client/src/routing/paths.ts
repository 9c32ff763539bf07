/**
 * The paths of the workspace, relative to APP_BASE (where the server serves
 * index.html for every path). The route table (app/routes.tsx) matches them;
 * everything that links or navigates builds them here.
 */
export const APP_BASE = '/app';

export const paths = {
  groups: () => '/',
  login: (next?: string) => (next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'),
  group: (slug: string) => `/g/${encodeURIComponent(slug)}`,
  editor: (entryId: string) => `/e/${encodeURIComponent(entryId)}`,
  join: (token: string) => `/join/${encodeURIComponent(token)}`,
  reviewQueue: () => '/review',
  review: (revisionId: string) => `/review/${encodeURIComponent(revisionId)}`,
  admin: (tab?: string) => (tab ? `/admin?tab=${encodeURIComponent(tab)}` : '/admin'),
  account: () => '/account',
  reset: (token: string) => `/reset/${encodeURIComponent(token)}`,
};

/** The public, server-rendered page of a published entry (outside the app, so a plain URL). */
export function publicEntryUrl(entrySlug: string): string {
  return `/e/${encodeURIComponent(entrySlug)}`;
}

/** Only same-app paths are accepted as a return target after sign-in (no open redirect). */
export function safeReturnPath(candidate: string | null): string {
  if (!candidate?.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\') || candidate.startsWith('/login')) return '/';
  return candidate;
}

/**
 * Whether every segment of a path decodes (`/e/%E0` does not). The router
 * then matches such a path undecoded, so a page would receive "%E0" as an id;
 * the app shows a bad-link page instead.
 */
export function isWellFormedPath(pathname: string): boolean {
  return decodedOrNull(pathname) !== null;
}

function decodedOrNull(text: string): string | null {
  try {
    // The decoded text is returned, not dropped: a minifier that deems
    // decodeURIComponent pure removes an unused call, and its URIError with it.
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
