import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LOCALES, type Locale, MAX_USER_NAME_CHARS, type MeDto } from '@knowledge-hub/shared';
import { updateAccount } from '../../api/account.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import { useSession } from '../auth/session-context';

/**
 * Name and language. Saving the language also switches the interface to it
 * (the interface's language is this browser's choice, stored locally; the
 * account's locale is what the server uses, e.g. for mail).
 */
export function ProfileForm({ me }: { me: MeDto }) {
  const { t, setLang } = useI18n();
  const { adopt } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState(me.name);
  const [locale, setLocale] = useState<Locale>(me.locale);
  const save = useMutation({
    mutationFn: () => updateAccount({ name: name.trim(), locale }),
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.account(), updated);
      adopt(updated, null);
      setLang(updated.locale);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <section className="panel" aria-labelledby="profile-heading" data-testid="account-profile">
      <h2 id="profile-heading" className="panel-title">
        {t('account.profile')}
      </h2>
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>{t('account.name')}</span>
          <input data-testid="account-name" required maxLength={MAX_USER_NAME_CHARS} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <p className="field">
          <span>{t('account.email')}</span>
          <span className="account-email">{me.email}</span>
        </p>
        <label className="field">
          <span>{t('account.language')}</span>
          <select data-testid="account-locale" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l === 'zh' ? 'zh-CN' : 'en'}>
                {l === 'zh' ? '中文' : 'English'}
              </option>
            ))}
          </select>
        </label>
        {save.error && <ErrorMessage>{errorText(t, save.error)}</ErrorMessage>}
        {save.isSuccess && (
          <p className="notice small" data-testid="account-saved">
            {t('account.saved')}
          </p>
        )}
        <button type="submit" className="button primary" data-testid="account-save" disabled={save.isPending}>
          {t('account.save')}
        </button>
      </form>
    </section>
  );
}
