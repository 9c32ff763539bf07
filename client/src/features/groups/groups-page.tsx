import { useQuery } from '@tanstack/react-query';
import type { GroupDto, MyEntriesDto } from '@knowledge-hub/shared';
import { listGroups } from '../../api/groups.api';
import { queryKeys } from '../../api/query-keys';
import { getMyEntries, workspaceKeys } from '../../api/workspace.api';
import { useI18n } from '../../i18n/i18n-context';
import { ResourceState } from '../../ui/load-error';
import { useCurrentUser } from '../auth/session-context';
import { isAdmin, roleInGroup } from '../auth/roles';
import { MyEntriesLists } from '../workspace/my-entries';
import { SearchBox } from '../workspace/search-box';
import { GroupCard } from './group-card';
import './groups.css';

/** /app/ — the reader's groups first (highlighted), then every other group. */
export function GroupsPage() {
  const groups = useQuery({ queryKey: queryKeys.groups(), queryFn: ({ signal }) => listGroups(signal) });
  // The page appears once, with the reader's own entries: arriving after the group cards, they pushed them down
  // (a layout shift of 0.33 on a phone). A failure of that list does not hold the page back.
  const mine = useQuery({ queryKey: workspaceKeys.myEntries(), queryFn: ({ signal }) => getMyEntries(signal) });
  const ready = mine.data !== undefined || mine.isError ? groups.data : undefined;
  return (
    <ResourceState data={ready} error={groups.error} onRetry={groups.refetch}>
      {(data) => <GroupsList groups={data} myEntries={mine.data ?? null} />}
    </ResourceState>
  );
}

function GroupsList({ groups, myEntries }: { groups: GroupDto[]; myEntries: MyEntriesDto | null }) {
  const { t } = useI18n();
  const user = useCurrentUser();
  const withRole = groups.map((group) => ({ group, role: roleInGroup(user, group.slug) }));
  const mine = withRole.filter((g) => g.role !== null);
  const others = withRole.filter((g) => g.role === null);

  return (
    <section>
      <h1>{t('groups.title')}</h1>
      <p className="muted">{t('app.tagline')}</p>
      <SearchBox />
      {myEntries && <MyEntriesLists drafts={myEntries.drafts} recent={myEntries.recent} />}
      {isAdmin(user) && <p className="notice">{t('groups.adminNote')}</p>}
      {groups.length === 0 && <p className="muted">{t('groups.empty')}</p>}
      {mine.length > 0 && (
        <>
          <h2>{t('groups.mine')}</h2>
          <ul className="cards" data-testid="my-groups">
            {mine.map(({ group, role }) => (
              <GroupCard key={group.id} group={group} myRole={role} />
            ))}
          </ul>
        </>
      )}
      {others.length > 0 && (
        <>
          <h2>{mine.length > 0 ? t('groups.others') : t('groups.all')}</h2>
          <ul className="cards" data-testid="other-groups">
            {others.map(({ group }) => (
              <GroupCard key={group.id} group={group} myRole={null} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
