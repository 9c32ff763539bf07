import { isRouteErrorResponse, useRouteError } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { errorText } from '../i18n/error-text';

/**
 * The error boundary of the routes: a page that threw while rendering (or
 * whose code chunk failed to load after a deploy) shows what happened and a
 * reload button instead of a blank window.
 */
export function RouteError() {
  const { t } = useI18n();
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorText(t, error);
  return (
    <section className="route-error" role="alert" data-testid="route-error">
      <h1>{t('crash.title')}</h1>
      <p>{t('crash.body')}</p>
      <p className="muted small" data-testid="route-error-detail">
        {detail}
      </p>
      <button type="button" className="button primary" onClick={() => window.location.reload()}>
        {t('crash.reload')}
      </button>
    </section>
  );
}
