import { useEffect } from 'react';
import { Link, Outlet, useLocation, useNavigationType } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { isWellFormedPath, paths } from '../routing/paths';
import { AppHeader } from './app-header';
import { usePageHeading } from './page-heading';
import { RouteErrorBoundary } from './route-error';

/**
 * The layout of every page: skip link, header, and the page of the current
 * route inside an error boundary (a failing page leaves the header usable).
 */
export function Shell() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  useScrollToTopOnNewPage();
  usePageHeading(t('app.name'));
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader />
      <main id="main" className="page">
        <RouteErrorBoundary resetKey={pathname}>{isWellFormedPath(pathname) ? <Outlet /> : <BadLink />}</RouteErrorBoundary>
      </main>
    </>
  );
}

/** A link followed starts at the top of the new page; back and forward leave the browser's scroll alone. */
function useScrollToTopOnNewPage(): void {
  const { key } = useLocation();
  const type = useNavigationType();
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per navigation (a new key), not only when the type changes
  useEffect(() => {
    if (type === 'PUSH') window.scrollTo(0, 0);
  }, [key, type]);
}

/** A URL with a segment that does not decode (e.g. /app/e/%E0, cut off mid-character). */
function BadLink() {
  const { t } = useI18n();
  return (
    <section data-testid="bad-link">
      <h1>{t('common.badLinkTitle')}</h1>
      <p>{t('common.badLinkBody')}</p>
      <Link to={paths.groups()}>{t('common.toGroups')}</Link>
    </section>
  );
}
