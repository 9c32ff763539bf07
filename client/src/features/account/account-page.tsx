import { useQuery } from '@tanstack/react-query';
import { getAccount } from '../../api/account.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { ResourceState } from '../../ui/load-error';
import { PasswordForm } from './password-form';
import { ProfileForm } from './profile-form';
import { TokensPanel } from './tokens-panel';
import { NotificationPreferences } from '../notifications/notification-preferences';
import './account.css';

/** /app/account — one's own name and language, password, and personal API tokens. */
export function AccountPage() {
  const { t } = useI18n();
  const account = useQuery({ queryKey: queryKeys.account(), queryFn: ({ signal }) => getAccount(signal) });
  return (
    <section className="account-page" data-testid="account-page">
      <header className="page-header">
        <h1>{t('account.title')}</h1>
      </header>
      <ResourceState data={account.data} error={account.error} onRetry={() => void account.refetch()}>
        {(me) => (
          <div className="account-sections">
            <ProfileForm me={me} />
            <PasswordForm />
            <TokensPanel />
            <NotificationPreferences />
          </div>
        )}
      </ResourceState>
    </section>
  );
}
