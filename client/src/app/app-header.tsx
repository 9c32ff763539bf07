import { Link, NavLink, useNavigate } from 'react-router';
import { updateAccount } from '../api/account.api';
import { useI18n } from '../i18n/i18n-context';
import { publicSiteUrl } from '../i18n/language';
import { paths } from '../routing/paths';
import { isAdmin, isReviewer } from '../features/auth/roles';
import { useSession } from '../features/auth/session-context';
import { NotificationBell } from '../features/notifications/notification-bell';
import './app-header.css';

export function AppHeader() {
  const { t, lang, setLang } = useI18n();
  const { state, signOut } = useSession();
  const navigate = useNavigate();

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
        {/* Hidden until the session is known: its items (and on a phone its rows) change then, and would shift the page. */}
        <div className="header-actions" data-pending={state.status === 'loading' ? 'true' : undefined}>
          <a href={publicSiteUrl(lang)} className="nav-link" data-testid="nav-public-site">
            {t('header.publicSite')}
          </a>
          {state.status === 'signed-in' && (
            <>
              {isReviewer(state.user) && (
                // aria-current="page" on the queue and on every /review/:id page.
                <NavLink to={paths.reviewQueue()} className="nav-link" data-testid="nav-review">
                  {t('header.review')}
                </NavLink>
              )}
              {isAdmin(state.user) && (
                <NavLink to={paths.admin()} className="nav-link" data-testid="nav-admin">
                  {t('header.admin')}
                </NavLink>
              )}
              <NotificationBell />
              <NavLink to={paths.account()} className="nav-link" data-testid="nav-account">
                {t('header.account')}
              </NavLink>
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
            onClick={() => {
              const next = lang === 'en' ? 'zh' : 'en';
              setLang(next);
              // Signed in: the account keeps the choice for the next sign-in, on any device (a failure only loses that).
              if (state.status === 'signed-in') updateAccount({ locale: next }).catch(() => undefined);
            }}
          >
            {/* The name holds the visible text (axe: label-content-name-mismatch), then what the button does (in English in both dictionaries). */}
            <span lang={lang === 'en' ? 'zh-CN' : 'en'}>{t('header.langSwitch')}</span>
            <span className="visually-hidden" lang="en">
              {' — '}
              {t('header.langSwitchLabel')}
            </span>
          </button>
        </div>
      </div>
    </header>
  );
}
