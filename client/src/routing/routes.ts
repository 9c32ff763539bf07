/** The pages of the workspace and the paths (under /app) that lead to them. */
export type Route =
  | { name: 'groups' }
  | { name: 'login' }
  | { name: 'group'; slug: string }
  | { name: 'editor'; entryId: string }
  | { name: 'review-queue' }
  | { name: 'review'; revisionId: string }
  | { name: 'not-found' };

export const paths = {
  groups: () => '/',
  login: (next?: string) => (next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'),
  group: (slug: string) => `/g/${encodeURIComponent(slug)}`,
  editor: (entryId: string) => `/e/${encodeURIComponent(entryId)}`,
  reviewQueue: () => '/review',
  review: (revisionId: string) => `/review/${encodeURIComponent(revisionId)}`,
};

/** The public, server-rendered page of a published entry (outside the app, so a plain URL). */
export function publicEntryUrl(entrySlug: string): string {
  return `/e/${encodeURIComponent(entrySlug)}`;
}

export function matchRoute(path: string): Route {
  if (path === '/' || path === '') return { name: 'groups' };
  if (path === '/login' || path === '/login/') return { name: 'login' };
  if (path === '/review' || path === '/review/') return { name: 'review-queue' };
  const group = /^\/g\/([^/]+)\/?$/.exec(path);
  if (group) return { name: 'group', slug: decodeURIComponent(group[1]) };
  const editor = /^\/e\/([^/]+)\/?$/.exec(path);
  if (editor) return { name: 'editor', entryId: decodeURIComponent(editor[1]) };
  const review = /^\/review\/([^/]+)\/?$/.exec(path);
  if (review) return { name: 'review', revisionId: decodeURIComponent(review[1]) };
  return { name: 'not-found' };
}
