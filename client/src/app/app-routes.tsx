import { lazy, Suspense, useEffect } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { errorText } from '../i18n/error-text';
import { Link } from '../routing/link';
import { navigate, safeReturnPath, useLocation } from '../routing/router';
import { matchRoute, paths } from '../routing/routes';
import { ErrorMessage } from '../ui/error-message';
import { Loading } from '../ui/loading';
import { LoginPage } from '../features/auth/login-page';
import { useSession } from '../features/auth/session-context';
import { GroupPage } from '../features/groups/group-page';
import { GroupsPage } from '../features/groups/groups-page';

// The editor (Tiptap, ProseMirror, Yjs) loads only when an entry is opened.
const EditorPage = lazy(() => import('../features/editor/editor-page'));
// Moderators' pages, in their own chunk: most readers never open them.
const ReviewQueuePage = lazy(() => import('../features/review/review-queue-page').then((m) => ({ default: m.ReviewQueuePage })));
const ReviewPage = lazy(() => import('../features/review/review-page').then((m) => ({ default: m.ReviewPage })));

/**
 * Picks the page for the current path. Every page but /login needs a session:
 * signed-out readers are sent to /login?next=<where they were>, and sent back
 * there once signed in.
 */
export function AppRoutes() {
  const { t } = useI18n();
  const { state, refresh } = useSession();
  const location = useLocation();
  const route = matchRoute(location.path);

  useEffect(() => {
    if (state.status === 'signed-out' && route.name !== 'login') {
      navigate(paths.login(location.path + location.search), { replace: true });
    } else if (state.status === 'signed-in' && route.name === 'login') {
      navigate(safeReturnPath(new URLSearchParams(location.search).get('next')), { replace: true });
    }
  }, [state.status, route.name, location.path, location.search]);

  if (state.status === 'loading') return <Loading label={t('common.loading')} />;
  if (state.status === 'unavailable') {
    return <ErrorMessage action={{ label: t('common.retry'), onClick: refresh }}>{errorText(t, state.error)}</ErrorMessage>;
  }
  if (state.status === 'signed-out') {
    return route.name === 'login' ? <LoginPage expired={state.expired} /> : null;
  }

  switch (route.name) {
    case 'login':
      return null; // redirecting to `next`
    case 'groups':
      return <GroupsPage />;
    case 'group':
      return <GroupPage key={route.slug} slug={route.slug} />;
    case 'editor':
      return (
        <Suspense fallback={<Loading label={t('common.loading')} />}>
          <EditorPage key={route.entryId} entryId={route.entryId} />
        </Suspense>
      );
    case 'review-queue':
      return (
        <Suspense fallback={<Loading label={t('common.loading')} />}>
          <ReviewQueuePage />
        </Suspense>
      );
    case 'review':
      return (
        <Suspense fallback={<Loading label={t('common.loading')} />}>
          <ReviewPage key={route.revisionId} revisionId={route.revisionId} />
        </Suspense>
      );
    case 'not-found':
      return (
        <section>
          <h1>{t('common.notFoundTitle')}</h1>
          <p>{t('common.notFoundBody')}</p>
          <Link to={paths.groups()}>{t('common.toGroups')}</Link>
        </section>
      );
  }
}
