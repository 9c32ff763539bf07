import { useI18n } from '../i18n/i18n-context';
import { Link } from '../routing/link';
import { navigate, useLocation } from '../routing/router';
import { matchRoute, paths } from '../routing/routes';
import { isReviewer } from '../features/auth/roles';
import { useSession } from '../features/auth/session-context';

export function AppHeader() {
  const { t, lang, setLang } = useI18n();
  const { state, signOut } = useSession();
  const route = matchRoute(useLocation().path);
  const inReview = route.name === 'review-queue' || route.name === 'review';

  const onSignOut = async () => {
    await signOut();
    navigate(paths.login());
  };

  return (
    <header className="app-header">
      <div className="app-header-inner">
        <Link to={paths.groups()} className="brand">
          {t('app.name')}
        </Link>
        <div className="header-actions">
          {state.status === 'signed-in' && (
            <>
              {isReviewer(state.user) && (
                <Link to={paths.reviewQueue()} className="nav-link" data-testid="nav-review" aria-current={inReview ? 'page' : undefined}>
                  {t('header.review')}
                </Link>
              )}
              <span className="user-name" data-testid="current-user" title={state.user.email}>
                {state.user.name}
              </span>
              <button type="button" className="button small" data-testid="sign-out" onClick={onSignOut}>
                {t('header.signOut')}
              </button>
            </>
          )}
          <button
            type="button"
            className="button small lang-switch"
            data-testid="lang-switch"
            data-lang={lang}
            lang={lang === 'en' ? 'zh-CN' : 'en'}
            aria-label={t('header.langSwitchLabel')}
            onClick={() => setLang(lang === 'en' ? 'zh' : 'en')}
          >
            {t('header.langSwitch')}
          </button>
        </div>
      </div>
    </header>
  );
}
