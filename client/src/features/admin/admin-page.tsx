import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n/i18n-context';
import { paths } from '../../routing/paths';
import { isAdmin } from '../auth/roles';
import { useCurrentUser } from '../auth/session-context';
import { AuditTab } from './audit-tab';
import { GroupsTab } from './groups-tab';
import { InvitationsTab } from './invitations-tab';
import { ReachTab } from './reach-tab';
import { UsersTab } from './users-tab';
import './admin.css';

const TABS = ['users', 'groups', 'invitations', 'audit', 'reach'] as const;
type Tab = (typeof TABS)[number];

function tabOf(value: string | null): Tab {
  return TABS.find((t) => t === value) ?? 'users';
}

/** /app/admin — the admin console: users, groups, invitations, audit log (the tab is in ?tab= so it survives a reload). */
export function AdminPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  if (!isAdmin(user)) return <NotAllowed />;
  const tab = tabOf(search.get('tab'));
  const panels: Record<Tab, ReactNode> = {
    users: <UsersTab />,
    groups: <GroupsTab />,
    invitations: <InvitationsTab />,
    audit: <AuditTab />,
    reach: <ReachTab />,
  };

  return (
    <section className="admin-page" data-testid="admin-page">
      <header className="page-header">
        <h1>{t('admin.title')}</h1>
      </header>
      <div className="tabs" role="tablist" aria-label={t('admin.title')}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`admin-tab-${name}`}
            aria-selected={tab === name}
            aria-controls="admin-tabpanel"
            className="tab"
            data-testid={`admin-tab-${name}`}
            onClick={() => setSearch(name === 'users' ? {} : { tab: name })}
          >
            {t(`admin.tab.${name}`)}
          </button>
        ))}
      </div>
      <div id="admin-tabpanel" role="tabpanel" aria-labelledby={`admin-tab-${tab}`}>
        {panels[tab]}
      </div>
    </section>
  );
}

function NotAllowed() {
  const { t } = useI18n();
  return (
    <section data-testid="admin-not-allowed">
      <h1>{t('admin.notAllowedTitle')}</h1>
      <p>{t('admin.notAllowedBody')}</p>
      <Link to={paths.groups()}>{t('common.toGroups')}</Link>
    </section>
  );
}
