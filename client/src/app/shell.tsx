import { Link, Outlet, ScrollRestoration, useLocation } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { isWellFormedPath, paths } from '../routing/paths';
import { AppHeader } from './app-header';

/** The layout of every page: skip link, header, and the page of the current route. */
export function Shell() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader />
      <main id="main" className="page">
        {isWellFormedPath(pathname) ? <Outlet /> : <BadLink />}
      </main>
      <ScrollRestoration />
    </>
  );
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
