import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { publicSiteUrl } from '../../i18n/language';
import { safeReturnPath } from '../../routing/paths';
import { ErrorMessage } from '../../ui/error-message';
import { OidcSignInLink, oidcStartUrl, useOidcProvider } from './oidc-sign-in';
import { useSession } from './session-context';
import './login.css';

export function LoginPage({ expired }: { expired: boolean }) {
  const { t, lang } = useI18n();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const oidc = useOidcProvider();
  const [search] = useSearchParams();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await signIn({ email: email.trim(), password });
      // The session gate navigates back to where the reader came from.
    } catch (err) {
      setError(errorText(t, err));
      setPending(false);
    }
  };

  return (
    <section className="login">
      <h1>{t('login.title')}</h1>
      <p className="muted">{t('login.intro')}</p>
      <p data-testid="reading-is-open">
        {t('login.readingOpen')}{' '}
        <a href={publicSiteUrl(lang)} data-testid="public-site-link">
          {t('login.publicSite')}
        </a>
      </p>
      {expired && !error && <p className="notice">{t('login.sessionExpired')}</p>}
      {error && <ErrorMessage>{error}</ErrorMessage>}
      {oidc && (
        <div className="login-oidc">
          <OidcSignInLink href={oidcStartUrl(safeReturnPath(search.get('next')))} text={t('login.oidc', { label: oidc.label })} />
          <p className="muted">{t('login.or')}</p>
        </div>
      )}
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>{t('login.email')}</span>
          <input
            data-testid="login-email"
            type="email"
            autoComplete="username"
            required
            // biome-ignore lint/a11y/noAutofocus: the sign-in form is all this page is for
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button data-testid="login-submit" className="button primary" type="submit" disabled={pending}>
          {pending ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </section>
  );
}
