import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS } from '@knowledge-hub/shared';
import { resetPassword } from '../../api/account.api';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { paths } from '../../routing/paths';
import { ErrorMessage } from '../../ui/error-message';
import { useSession } from '../auth/session-context';
import './account.css';

/**
 * /app/reset/:token — opened from a reset link an admin handed out. The new
 * password ends every session of the account (this browser's too, if it was
 * signed in as that person), so the page then sends the reader to sign in.
 */
export function ResetPage({ token }: { token: string }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [password, setPassword] = useState('');
  const reset = useMutation({ mutationFn: () => resetPassword({ token, password }), onSuccess: refresh });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate();
  };

  return (
    <section className="reset-page" data-testid="reset-page">
      <h1>{t('reset.title')}</h1>
      {reset.isSuccess ? (
        <>
          <p className="notice" data-testid="reset-done">
            {t('reset.done')}
          </p>
          <Link to={paths.login()} className="button primary">
            {t('reset.toLogin')}
          </Link>
        </>
      ) : (
        <form className="form" onSubmit={submit}>
          <label className="field">
            <span>{t('account.newPassword')}</span>
            <input
              data-testid="reset-password"
              type="password"
              autoComplete="new-password"
              required
              minLength={MIN_PASSWORD_CHARS}
              maxLength={MAX_PASSWORD_CHARS}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <span className="small">{t('join.passwordHint', { count: MIN_PASSWORD_CHARS })}</span>
          </label>
          {reset.error && <ErrorMessage>{errorText(t, reset.error)}</ErrorMessage>}
          <button type="submit" className="button primary" data-testid="reset-submit" disabled={reset.isPending}>
            {t('reset.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
