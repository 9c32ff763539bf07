import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Outlet, type RouteObject, useLocation, useParams, useRoutes, useSearchParams } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { paths, safeReturnPath } from '../routing/paths';
import { getEntry } from '../api/entries.api';
import { getPublishedIfAny, getReviewQueue, getRevision } from '../api/moderation.api';
import { getAccount } from '../api/account.api';
import { usePrefetch } from '../api/prefetch';
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
const EditorPage = lazy(() => import('../features/editor/editor-page'));
// Moderators' pages, in their own chunk: most readers never open them.
const ReviewQueuePage = lazy(() => import('../features/review/review-queue-page').then((m) => ({ default: m.ReviewQueuePage })));
const ReviewPage = lazy(() => import('../features/review/review-page').then((m) => ({ default: m.ReviewPage })));
// Admins' console and one's account page: opened now and then, in their own chunks.
const AdminPage = lazy(() => import('../features/admin/admin-page').then((m) => ({ default: m.AdminPage })));
const AccountPage = lazy(() => import('../features/account/account-page').then((m) => ({ default: m.AccountPage })));
const NotificationsPage = lazy(() => import('../features/notifications/notifications-page').then((m) => ({ default: m.NotificationsPage })));
const ResetPage = lazy(() => import('../features/account/reset-page').then((m) => ({ default: m.ResetPage })));

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
          { path: 'reset/:token', element: <ResetRoute /> },
          {
            element: <RequireSession />,
            children: [
              { index: true, element: <GroupsPage /> },
              { path: 'g/:slug', element: <GroupRoute /> },
              { path: 'search', element: <SearchPage /> },
              { path: 'e/:entryId', element: <EditorRoute /> },
              { path: 'review', element: <ReviewQueueRoute /> },
              { path: 'review/:revisionId', element: <ReviewRoute /> },
              {
                path: 'admin',
                element: (
                  <Lazy>
                    <AdminPage />
                  </Lazy>
                ),
              },
              { path: 'account', element: <AccountRoute /> },
              {
                path: 'notifications',
                element: (
                  <Lazy>
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

function Lazy({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return <Suspense fallback={<Loading label={t('common.loading')} />}>{children}</Suspense>;
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
    <Lazy>
      <ResetPage key={token} token={token} />
    </Lazy>
  );
}

function EditorRoute() {
  const entryId = useParams().entryId ?? '';
  usePrefetchEntry(entryId);
  return (
    <Lazy>
      <EditorPage key={entryId} entryId={entryId} />
    </Lazy>
  );
}

/**
 * The entry and its published text are asked for side by side while the editor's chunk loads, not one after
 * the other after it: on a phone that is two round trips less before the text shows (the page's queries find
 * them in the cache).
 */
function usePrefetchEntry(entryId: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const controller = new AbortController();
    const entry = queryClient.fetchQuery({ queryKey: queryKeys.entry(entryId), queryFn: ({ signal }) => getEntry(entryId, signal) });
    const published = getPublishedIfAny(entryId, controller.signal);
    Promise.all([entry, published])
      .then(([e, p]) => {
        // Cached under the revision the entry names (the page's key); another one (published meanwhile) is left to the page.
        if (p && e.publishedRevisionId === p.revisionId) queryClient.setQueryData(queryKeys.entryPublished(entryId, p.revisionId), p);
      })
      // The page's own queries report what failed (an unknown entry, no rights) and retry.
      .catch(() => undefined);
    return () => controller.abort();
  }, [queryClient, entryId]);
}

function ReviewQueueRoute() {
  usePrefetch(queryKeys.reviewQueue(), getReviewQueue);
  return (
    <Lazy>
      <ReviewQueuePage />
    </Lazy>
  );
}

function AccountRoute() {
  usePrefetch(queryKeys.account(), getAccount);
  return (
    <Lazy>
      <AccountPage />
    </Lazy>
  );
}

function ReviewRoute() {
  const revisionId = useParams().revisionId ?? '';
  usePrefetch(queryKeys.revision(revisionId), (signal) => getRevision(revisionId, signal));
  return (
    <Lazy>
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
