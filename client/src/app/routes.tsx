import type { QueryClient } from '@tanstack/react-query';
import { Link, matchRoutes, Navigate, Outlet, type RouteObject, useLocation, useParams, useRoutes, useSearchParams } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { APP_BASE, paths, safeReturnPath } from '../routing/paths';
import { Lazy, lazyPage, type RouteHandle } from '../routing/lazy-page';
import { getEntry } from '../api/entries.api';
import { getPublished, getPublishedIfAny, getReviewQueue, getRevision } from '../api/moderation.api';
import { getAccount } from '../api/account.api';
import { prefetchRead, type RoutePrefetch, useRoutePrefetch } from '../api/prefetch';
import { queryKeys } from '../api/query-keys';
import { LoadError } from '../ui/load-error';
import { Loading } from '../ui/loading';
import { LoginPage } from '../features/auth/login-page';
import { useSession } from '../features/auth/session-context';
import { GroupPage } from '../features/groups/group-page';
import { GroupsPage } from '../features/groups/groups-page';
import { datasetRoutes } from '../features/datasets/dataset-routes';
import { reportRoutes } from '../features/reports/report-routes';
import { JoinPage } from '../features/people/join-page';
import { SearchPage } from '../features/workspace/search-page';
import { Shell } from './shell';

// The editor (Tiptap, ProseMirror, Yjs) loads only when an entry is opened.
const EditorPage = lazyPage(() => import('../features/editor/editor-page').then((m) => m.default));
// Moderators' pages, in their own chunk: most readers never open them.
const ReviewQueuePage = lazyPage(() => import('../features/review/review-queue-page').then((m) => m.ReviewQueuePage));
const ReviewPage = lazyPage(() => import('../features/review/review-page').then((m) => m.ReviewPage));
// Admins' console and one's account page: opened now and then, in their own chunks.
const AdminPage = lazyPage(() => import('../features/admin/admin-page').then((m) => m.AdminPage));
const AccountPage = lazyPage(() => import('../features/account/account-page').then((m) => m.AccountPage));
const NotificationsPage = lazyPage(() => import('../features/notifications/notifications-page').then((m) => m.NotificationsPage));
const ResetPage = lazyPage(() => import('../features/account/reset-page').then((m) => m.ResetPage));

/**
 * The entry and its published text are asked for side by side with the editor's chunk, not one after the other
 * after it: on a phone that is two round trips less before the text shows (the page's queries find them in the cache).
 */
const prefetchEntry: RoutePrefetch = (queryClient, params) => {
  const entryId = params.entryId ?? '';
  const entry = queryClient.fetchQuery({ queryKey: queryKeys.entry(entryId), queryFn: ({ signal }) => getEntry(entryId, signal) });
  // A query too, so that the route's own prefetch right after the first render (or a second load) joins it.
  const published = queryClient
    .fetchQuery({ queryKey: queryKeys.entryPublishedIfAny(entryId), queryFn: ({ signal }) => getPublishedIfAny(entryId, signal), gcTime: 5_000 })
    .catch(() => null);
  entry
    .then((e) => {
      const revisionId = e.publishedRevisionId;
      if (revisionId === null) return;
      // Registered as the page's query (under the revision the entry names) while it is still on its way, before the
      // page renders with the entry: the page's query joins it instead of asking a second time. Another revision
      // (published meanwhile), or a failure, is fetched by the query itself. Under the id as the API writes it, as the
      // page asks (an address may write it in capitals).
      return queryClient.prefetchQuery({
        queryKey: queryKeys.entryPublished(e.id, revisionId),
        queryFn: ({ signal }) => published.then((p) => (p?.revisionId === revisionId ? p : getPublished(entryId, signal))),
        staleTime: Infinity,
      });
    })
    // The page's own queries report what failed (an unknown entry, no rights) and retry.
    .catch(() => undefined);
};

const prefetchReviewQueue = prefetchRead(
  () => queryKeys.reviewQueue(),
  (_, signal) => getReviewQueue(signal),
);
const prefetchAccount = prefetchRead(
  () => queryKeys.account(),
  (_, signal) => getAccount(signal),
);
const prefetchRevision = prefetchRead(
  (p) => queryKeys.revision(p.revisionId ?? ''),
  (p, signal) => getRevision(p.revisionId ?? '', signal),
);

/**
 * The one route table of the workspace (paths relative to APP_BASE, the
 * router's basename). Every page but /login, /join/:token and /reset/:token needs a session: signed-out
 * readers are sent to /login?next=<where they were>, and sent back there once
 * signed in. The Shell renders the matched page inside an error boundary.
 */
export const routes: RouteObject[] = [
  {
    element: <Shell />,
    children: [
      {
        element: <SessionGate />,
        children: [
          { path: 'login', element: <LoginRoute /> },
          // Public: opened by people who have no account yet (and by members joining more groups).
          { path: 'join/:token', element: <JoinRoute /> },
          // Public: an admin's password-reset link, opened by someone who cannot sign in.
          { path: 'reset/:token', element: <ResetRoute />, handle: { page: ResetPage, public: true } satisfies RouteHandle },
          {
            element: <RequireSession />,
            children: [
              { index: true, element: <GroupsPage /> },
              { path: 'g/:slug', element: <GroupRoute /> },
              { path: 'search', element: <SearchPage /> },
              { path: 'e/:entryId', element: <EditorRoute />, handle: { page: EditorPage, prefetch: prefetchEntry } satisfies RouteHandle },
              { path: 'review', element: <ReviewQueueRoute />, handle: { page: ReviewQueuePage, prefetch: prefetchReviewQueue } satisfies RouteHandle },
              { path: 'review/:revisionId', element: <ReviewRoute />, handle: { page: ReviewPage, prefetch: prefetchRevision } satisfies RouteHandle },
              {
                path: 'admin',
                handle: { page: AdminPage } satisfies RouteHandle,
                element: (
                  <Lazy page={AdminPage}>
                    <AdminPage />
                  </Lazy>
                ),
              },
              { path: 'account', element: <AccountRoute />, handle: { page: AccountPage, prefetch: prefetchAccount } satisfies RouteHandle },
              {
                path: 'notifications',
                handle: { page: NotificationsPage } satisfies RouteHandle,
                element: (
                  <Lazy page={NotificationsPage}>
                    <NotificationsPage />
                  </Lazy>
                ),
              },
              ...datasetRoutes,
              ...reportRoutes,
              { path: '*', element: <NotFound /> },
            ],
          },
        ],
      },
    ],
  },
];

/**
 * Starts what the page at `pathname` (a path under APP_BASE) needs: its chunk, and (for someone signed in) its main
 * reads. Called before the first render, so that they come side by side with the app's own chunk's evaluation and
 * the page renders without a fallback (see lazy-page.tsx).
 */
export function preloadRoute(pathname: string, queryClient: QueryClient, signedIn: boolean): void {
  for (const match of matchRoutes(routes, pathname, APP_BASE) ?? []) {
    const handle = match.route.handle as RouteHandle | undefined;
    // Someone signed out is sent to /login from every page but the public ones: nothing else to fetch for them.
    if (!handle || (!signedIn && !handle.public)) continue;
    handle.page?.preload();
    if (signedIn) handle.prefetch?.(queryClient, match.params);
  }
}

/** The page for the current location (inside a <BrowserRouter basename={APP_BASE}>). */
export function AppRoutes() {
  return useRoutes(routes);
}

/** Waits for the session probe; says so when the server cannot be reached. */
function SessionGate() {
  const { t } = useI18n();
  const { state, refresh } = useSession();
  if (state.status === 'loading') return <Loading label={t('common.loading')} />;
  if (state.status === 'unavailable') return <LoadError error={state.error} onRetry={refresh} />;
  return <Outlet />;
}

function LoginRoute() {
  const { state } = useSession();
  const [search] = useSearchParams();
  if (state.status === 'signed-in') return <Navigate to={safeReturnPath(search.get('next'))} replace />;
  return <LoginPage expired={state.status === 'signed-out' && state.expired} />;
}

function RequireSession() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status !== 'signed-in') return <Navigate to={paths.login(location.pathname + location.search)} replace />;
  return <Outlet />;
}

// A new id is a new page: keyed, so no state of the previous one carries over.
function GroupRoute() {
  const slug = useParams().slug ?? '';
  return <GroupPage key={slug} slug={slug} />;
}

function JoinRoute() {
  const token = useParams().token ?? '';
  return <JoinPage key={token} token={token} />;
}

function ResetRoute() {
  const token = useParams().token ?? '';
  return (
    <Lazy page={ResetPage}>
      <ResetPage key={token} token={token} />
    </Lazy>
  );
}

function EditorRoute() {
  const entryId = useParams().entryId ?? '';
  useRoutePrefetch(prefetchEntry);
  return (
    <Lazy page={EditorPage}>
      <EditorPage key={entryId} entryId={entryId} />
    </Lazy>
  );
}

function ReviewQueueRoute() {
  useRoutePrefetch(prefetchReviewQueue);
  return (
    <Lazy page={ReviewQueuePage}>
      <ReviewQueuePage />
    </Lazy>
  );
}

function AccountRoute() {
  useRoutePrefetch(prefetchAccount);
  return (
    <Lazy page={AccountPage}>
      <AccountPage />
    </Lazy>
  );
}

function ReviewRoute() {
  const revisionId = useParams().revisionId ?? '';
  useRoutePrefetch(prefetchRevision);
  return (
    <Lazy page={ReviewPage}>
      <ReviewPage key={revisionId} revisionId={revisionId} />
    </Lazy>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <section data-testid="not-found">
      <h1>{t('common.notFoundTitle')}</h1>
      <p>{t('common.notFoundBody')}</p>
      <Link to={paths.groups()}>{t('common.toGroups')}</Link>
    </section>
  );
}
