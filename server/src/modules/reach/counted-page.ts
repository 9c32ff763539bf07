import { MAX_SLUG_CHARS, type ReachPageKind } from '@knowledge-hub/shared';

/**
 * Which public answers are reads: the hub, a group, an entry and a dataset
 * page — decided on the path alone (the query, `?lang=` and the like, does not
 * make another page). Exports, stylesheets, feeds, search and /reach itself
 * are not reads. A report's page is `r/<slug>`; a play of its media (counted
 * by the media route, see ReachHook.playStarted) is `p/<slug>`.
 *
 * A page is kept as a short key: `hub`, or `<letter>/<slug>`.
 */
const PAGE_PATH = new RegExp(`^/([gedr])/([a-z0-9][a-z0-9-]{0,${MAX_SLUG_CHARS - 1}})/?$`);

/** The key stored for all of the site's readers at once (unique across pages). */
export const SITE_PAGE = '*';

const KINDS: Record<string, ReachPageKind> = { g: 'group', e: 'entry', d: 'dataset', r: 'report', p: 'play' };

/** The page key of a request URL (path and query as sent), or null when the answer is not a read. */
export function countedPage(url: string | undefined): string | null {
  if (!url) return null;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path === '/') return 'hub';
  const m = PAGE_PATH.exec(path);
  return m ? `${m[1]}/${m[2]}` : null;
}

/** The kind, slug and public path of a stored page key (null for the site key or anything unknown). */
export function pageOfKey(key: string): { kind: ReachPageKind; slug: string | null; path: string } | null {
  if (key === 'hub') return { kind: 'hub', slug: null, path: '/' };
  const kind = KINDS[key[0]];
  if (!kind || key[1] !== '/') return null;
  // A play's page is its report's.
  return { kind, slug: key.slice(2), path: kind === 'play' ? `/r/${key.slice(2)}` : `/${key}` };
}
