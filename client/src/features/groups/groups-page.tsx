import { listGroups } from '../../api/groups.api';
import { isRetryable } from '../../api/http';
import { useResource } from '../../api/use-resource';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';
import { Loading } from '../../ui/loading';
import { useCurrentUser } from '../auth/session-context';
import { isAdmin, roleInGroup } from '../auth/roles';
import { GroupCard } from './group-card';

/** /app/ — the reader's groups first (highlighted), then every other group. */
export function GroupsPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const groups = useResource('groups', listGroups);

  if (groups.error && !groups.data) {
    const retry = isRetryable(groups.error) ? { label: t('common.retry'), onClick: groups.reload } : undefined;
    return <ErrorMessage action={retry}>{errorText(t, groups.error)}</ErrorMessage>;
  }
  if (!groups.data) return <Loading label={t('common.loading')} />;

  const withRole = groups.data.map((group) => ({ group, role: roleInGroup(user, group.slug) }));
  const mine = withRole.filter((g) => g.role !== null);
  const others = withRole.filter((g) => g.role === null);

  return (
    <section>
      <h1>{t('groups.title')}</h1>
      <p className="muted">{t('app.tagline')}</p>
      {isAdmin(user) && <p className="notice">{t('groups.adminNote')}</p>}
      {groups.data.length === 0 && <p className="muted">{t('groups.empty')}</p>}
      {mine.length > 0 && (
        <>
          <h2>{t('groups.mine')}</h2>
          <ul className="cards" data-testid="my-groups">
            {mine.map(({ group, role }) => (
              <GroupCard key={group.id} group={group} role={role} />
            ))}
          </ul>
        </>
      )}
      {others.length > 0 && (
        <>
          <h2>{mine.length > 0 ? t('groups.others') : t('groups.all')}</h2>
          <ul className="cards" data-testid="other-groups">
            {others.map(({ group }) => (
              <GroupCard key={group.id} group={group} role={null} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
