import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS } from '@knowledge-hub/shared';
import { changePassword } from '../../api/account.api';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';

/** Change password: the current one is asked; every other session of the account is signed out. */
export function PasswordForm() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useMutation({
    mutationFn: () => changePassword({ current, next }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <section className="panel" aria-labelledby="password-heading" data-testid="account-password">
      <h2 id="password-heading" className="panel-title">
        {t('account.password')}
      </h2>
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>{t('account.currentPassword')}</span>
          <input
            data-testid="account-current-password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={MAX_PASSWORD_CHARS}
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('account.newPassword')}</span>
          <input
            data-testid="account-new-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_CHARS}
            maxLength={MAX_PASSWORD_CHARS}
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
          <span className="small">{t('join.passwordHint', { count: MIN_PASSWORD_CHARS })}</span>
        </label>
        {change.error && <ErrorMessage>{errorText(t, change.error)}</ErrorMessage>}
        {change.isSuccess && (
          <p className="notice small" data-testid="account-password-changed">
            {t('account.passwordChanged')}
          </p>
        )}
        <button type="submit" className="button primary" data-testid="account-password-submit" disabled={change.isPending}>
          {t('account.changePassword')}
        </button>
      </form>
    </section>
  );
}
