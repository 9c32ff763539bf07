import { useEffect, useRef } from 'react';
import type { GroupDetailDto } from '@knowledge-hub/shared';
import { listEntries } from '../../api/entries.api';
import { getGroup } from '../../api/groups.api';
import { isRetryable } from '../../api/http';
import { useResource } from '../../api/use-resource';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { Link } from '../../routing/link';
import { navigate } from '../../routing/router';
import { paths } from '../../routing/routes';
import { ErrorMessage } from '../../ui/error-message';
import { Loading } from '../../ui/loading';
import { isAdmin } from '../auth/roles';
import { useCurrentUser } from '../auth/session-context';
import { EntryList } from '../entries/entry-list';
import { NewEntryForm } from '../entries/new-entry-form';
import { useGroupPresence } from '../presence/use-group-presence';
import { GroupRoster } from './group-roster';
import { localizedGroup } from './localized-group';

/** /app/g/:slug — a group's entries, the form to add one, and who is online. */
export function GroupPage({ slug }: { slug: string }) {
  const { t, lang } = useI18n();
  const user = useCurrentUser();
  const group = useResource(`group:${slug}`, (signal) => getGroup(slug, signal));
  const entries = useResource(`entries:${slug}`, (signal) => listEntries(slug, signal));
  const presence = useGroupPresence(slug);
  useRefetchForUnknownEntries(presence.members, entries.data, entries.reload);

  const error = group.error ?? entries.error;
  if (error && (!group.data || !entries.data)) {
    return (
      <section>
        <ErrorMessage
          action={
            isRetryable(error)
              ? {
                  label: t('common.retry'),
                  onClick: () => {
                    group.reload();
                    entries.reload();
                  },
                }
              : undefined
          }
        >
          {errorText(t, error)}
        </ErrorMessage>
        <p>
          <Link to={paths.groups()}>{t('common.toGroups')}</Link>
        </p>
      </section>
    );
  }
  if (!group.data || !entries.data) return <Loading label={t('common.loading')} />;

  const { name, description } = localizedGroup(group.data, lang);
  const canCreate = group.data.myRole !== null || isAdmin(user);

  return (
    <section className="group-page">
      <nav className="breadcrumb">
        <Link to={paths.groups()}>← {t('groups.title')}</Link>
      </nav>
      <header className="page-header">
        <h1>{name}</h1>
        {description && <p className="lead">{description}</p>}
        {group.data.myRole && <span className="badge badge-role">{t(`role.${group.data.myRole}`)}</span>}
      </header>
      <div className="two-columns">
        <div>
          {canCreate ? (
            <NewEntryForm groupSlug={slug} onCreated={(entry) => navigate(paths.editor(entry.id))} />
          ) : (
            <p className="notice">{t('group.readerNote')}</p>
          )}
          <h2>{t('group.entries')}</h2>
          <EntryList entries={entries.data} />
        </div>
        <aside>
          <GroupRoster members={presence.members} unavailable={presence.unavailable} entries={entries.data} selfId={user.id} />
          <MemberList members={group.data.members} />
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
 * Someone may be editing an entry created after we loaded the list: fetch
 * the list again (once per unknown id) so the roster can name it.
 */
function useRefetchForUnknownEntries(members: { entryId: string | null }[] | null, entries: { id: string }[] | null, reload: () => void): void {
  const asked = useRef(new Set<string>());
  useEffect(() => {
    if (!members || !entries) return;
    const known = new Set(entries.map((e) => e.id));
    const unknown = members.map((m) => m.entryId).filter((id): id is string => id !== null && !known.has(id) && !asked.current.has(id));
    if (unknown.length === 0) return;
    unknown.forEach((id) => asked.current.add(id));
    reload();
  }, [members, entries, reload]);
}
