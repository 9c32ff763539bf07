import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import type { EntryDto, GroupDetailDto } from '@knowledge-hub/shared';
import { listEntries } from '../../api/entries.api';
import { getGroup } from '../../api/groups.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { paths } from '../../routing/paths';
import { ResourceState } from '../../ui/load-error';
import { isAdmin } from '../auth/roles';
import { useCurrentUser } from '../auth/session-context';
import { datasetPaths } from '../datasets/dataset-paths';
import { reportPaths } from '../reports/report-paths';
import { EntryList } from '../entries/entry-list';
import { NewEntryForm } from '../entries/new-entry-form';
import { AskToJoin } from '../people/ask-to-join';
import { InvitePanel } from '../people/invite-panel';
import { JoinRequestsPanel } from '../people/join-requests-panel';
import { ManagedMemberList } from '../people/managed-member-list';
import { type GroupPresence, useGroupPresence } from '../presence/use-group-presence';
import { GroupRoster } from './group-roster';
import { localizedGroup } from './localized-group';

/** /app/g/:slug — a group's entries, the form to add one, and who is online. */
export function GroupPage({ slug }: { slug: string }) {
  const { t } = useI18n();
  const group = useQuery({ queryKey: queryKeys.group(slug), queryFn: ({ signal }) => getGroup(slug, signal) });
  const entries = useQuery({ queryKey: queryKeys.groupEntries(slug), queryFn: ({ signal }) => listEntries(slug, signal) });
  // Watched from the first render, so the roster may arrive while the group loads.
  const presence = useGroupPresence(slug);
  const both = group.data && entries.data ? { group: group.data, entries: entries.data } : undefined;
  const retry = () => {
    void group.refetch();
    void entries.refetch();
  };
  return (
    <ResourceState
      data={both}
      error={group.error ?? entries.error}
      onRetry={retry}
      errorFooter={
        <p>
          <Link to={paths.groups()}>{t('common.toGroups')}</Link>
        </p>
      }
    >
      {(data) => <GroupView slug={slug} group={data.group} entries={data.entries} presence={presence} refetchEntries={entries.refetch} />}
    </ResourceState>
  );
}

interface GroupViewProps {
  slug: string;
  group: GroupDetailDto;
  entries: EntryDto[];
  presence: GroupPresence;
  refetchEntries: () => void;
}

function GroupView({ slug, group, entries, presence, refetchEntries }: GroupViewProps) {
  const { t, lang } = useI18n();
  const user = useCurrentUser();
  const navigate = useNavigate();
  useRefetchForUnknownEntries(presence.members, entries, refetchEntries);

  const { name, description } = localizedGroup(group, lang);
  const canCreate = group.myRole !== null || isAdmin(user);
  // The group's answer says the viewer's role now (the session's roles date from sign-in).
  const canModerate = isAdmin(user) || group.myRole === 'moderator';

  return (
    <section className="group-page">
      <nav className="breadcrumb">
        <Link to={paths.groups()}>← {t('groups.title')}</Link>
      </nav>
      <header className="page-header">
        <h1>{name}</h1>
        {description && <p className="lead">{description}</p>}
        {group.myRole && <span className="badge badge-role">{t(`role.${group.myRole}`)}</span>}
      </header>
      <div className="two-columns">
        <div>
          {canCreate ? (
            <NewEntryForm groupSlug={slug} onCreated={(entry) => navigate(paths.editor(entry.id))} />
          ) : (
            <p className="notice">{t('group.readerNote')}</p>
          )}
          <p>
            <Link to={datasetPaths.ofGroup(slug)} data-testid="group-datasets-link">
              {t('datasets.groupLink')}
            </Link>
            {' · '}
            <Link to={reportPaths.ofGroup(slug)} data-testid="group-reports-link">
              {t('reports.groupLink')}
            </Link>
          </p>
          <h2>{t('group.entries')}</h2>
          <EntryList entries={entries} />
        </div>
        <aside>
          <AskToJoin group={group} />
          {canModerate && <JoinRequestsPanel slug={slug} />}
          <GroupRoster members={presence.members} unavailable={presence.unavailable} entries={entries} selfId={user.id} />
          {canModerate ? (
            <ManagedMemberList slug={slug} members={group.members} viewer={{ id: user.id, isAdmin: isAdmin(user), role: group.myRole }} />
          ) : (
            <MemberList members={group.members} />
          )}
          {canModerate && <InvitePanel slug={slug} canInviteModerators={isAdmin(user)} />}
        </aside>
      </div>
    </section>
  );
}

function MemberList({ members }: { members: GroupDetailDto['members'] }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="members-heading">
      <h2 id="members-heading" className="panel-title">
        {t('group.members')} ({members.length})
      </h2>
      {members.length === 0 ? (
        <p className="muted small">{t('group.noMembers')}</p>
      ) : (
        <ul className="plain-list small">
          {members.map((m) => (
            <li key={m.userId}>
              {m.name} <span className="muted">· {t(`role.${m.role}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Someone may be editing an entry created after we loaded the list (no event
 * announces new entries, but the presence roster names them): fetch the list
 * again, once per unknown id, so the roster can name it.
 */
function useRefetchForUnknownEntries(members: { entryId: string | null }[] | null, entries: { id: string }[], refetch: () => void): void {
  const asked = useRef(new Set<string>());
  useEffect(() => {
    if (!members) return;
    const known = new Set(entries.map((e) => e.id));
    const unknown = members.map((m) => m.entryId).filter((id): id is string => id !== null && !known.has(id) && !asked.current.has(id));
    if (unknown.length === 0) return;
    for (const id of unknown) asked.current.add(id);
    refetch();
  }, [members, entries, refetch]);
}
