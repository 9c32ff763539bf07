import type { EntryDetailDto } from '@knowledge-hub/shared';
import { getGroup } from '../../api/groups.api';
import { isRetryable } from '../../api/http';
import { useResource } from '../../api/use-resource';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { Link } from '../../routing/link';
import { paths } from '../../routing/routes';
import { ErrorMessage } from '../../ui/error-message';
import { Loading } from '../../ui/loading';
import { canModerateGroup, isReviewer } from '../auth/roles';
import { useCurrentUser } from '../auth/session-context';
import { localizedGroup } from '../groups/localized-group';
import { useGroupPresence } from '../presence/use-group-presence';
import { EntryRevisions } from '../review/entry-revisions';
import { CollabEditor } from './collab-editor';
import { useLiveEntry } from './use-live-entry';
import '../review/review.css';
import './editor.css';

/** /app/e/:entryId — the live editor of one entry, its publishing state and history. */
export default function EditorPage({ entryId }: { entryId: string }) {
  const { t, lang } = useI18n();
  const user = useCurrentUser();
  const { entry, refresh, revisionsKey } = useLiveEntry(entryId, isReviewer(user));
  const groupSlug = entry.data?.groupSlug ?? null;
  const group = useResource(`group:${groupSlug ?? ''}`, (signal) => (groupSlug ? getGroup(groupSlug, signal) : Promise.resolve(null)));
  // Tells the group's roster which entry we are editing.
  useGroupPresence(groupSlug, entryId);

  if (entry.error && !entry.data) {
    return (
      <section>
        <ErrorMessage action={isRetryable(entry.error) ? { label: t('common.retry'), onClick: entry.reload } : undefined}>{errorText(t, entry.error)}</ErrorMessage>
        <p>
          <Link to={paths.groups()}>{t('common.toGroups')}</Link>
        </p>
      </section>
    );
  }
  if (!entry.data) return <Loading label={t('common.loading')} />;

  const groupName = group.data ? localizedGroup(group.data, lang).name : entry.data.groupSlug;
  const canModerate = canModerateGroup(user, entry.data.groupSlug);
  return (
    <section className="editor-page">
      <nav className="breadcrumb">
        <Link to={paths.group(entry.data.groupSlug)}>← {t('editor.back', { group: groupName })}</Link>
      </nav>
      <CollabEditor
        key={entry.data.id}
        entry={entry.data}
        onEntryChanged={refresh}
        aside={
          <>
            <EntryDetails entry={entry.data} />
            <EntryRevisions entry={entry.data} canModerate={canModerate} revisionsKey={revisionsKey} onEntryChanged={refresh} />
          </>
        }
      />
    </section>
  );
}

function EntryDetails({ entry }: { entry: EntryDetailDto }) {
  const { t, formatDate } = useI18n();
  return (
    <section className="panel" aria-labelledby="details-heading">
      <h2 id="details-heading" className="panel-title">
        {t('editor.details')}
      </h2>
      <p className="badges">
        <span className="badge">{t(`kind.${entry.kind}`)}</span>
      </p>
      <p className="muted small">{t('entries.updated', { date: formatDate(entry.updatedAt) })}</p>
      <h3 className="panel-subtitle">{t('editor.contributors')}</h3>
      {entry.contributors.length === 0 ? (
        <p className="muted small">{t('editor.noContributors')}</p>
      ) : (
        <ul className="plain-list small">
          {entry.contributors.map((c) => (
            <li key={c.userId}>{c.name}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
