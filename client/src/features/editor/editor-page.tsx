import { lazy, Suspense, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { EntryDetailDto } from '@knowledge-hub/shared';
import { getGroup } from '../../api/groups.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { paths } from '../../routing/paths';
import { ResourceState } from '../../ui/load-error';
import { canModerateGroup } from '../auth/roles';
import { useCurrentUser } from '../auth/session-context';
import { localizedGroup } from '../groups/localized-group';
import { useGroupPresence } from '../presence/use-group-presence';
import { CollabEditor } from './collab-editor';
import { useLiveEntry } from './use-live-entry';
import './editor.css';

// The side panels' own chunks (diffs, the document model and its schemas), fetched once the body is in: the aside is hidden until then.
const TranslationsPanel = lazy(() => import('../translations/translations-panel').then((m) => ({ default: m.TranslationsPanel })));
const EntryRevisions = lazy(() => import('../review/entry-revisions').then((m) => ({ default: m.EntryRevisions })));

/** /app/e/:entryId — the live editor of one entry, its publishing state and history. */
export default function EditorPage({ entryId }: { entryId: string }) {
  const { t } = useI18n();
  const { entry, refresh } = useLiveEntry(entryId);
  return (
    <ResourceState
      data={entry.data}
      error={entry.error}
      onRetry={entry.refetch}
      errorFooter={
        <p>
          <Link to={paths.groups()}>{t('common.toGroups')}</Link>
        </p>
      }
    >
      {(data) => <EditorView entry={data} refresh={refresh} />}
    </ResourceState>
  );
}

function EditorView({ entry, refresh }: { entry: EntryDetailDto; refresh: () => void }) {
  const { t, lang } = useI18n();
  const user = useCurrentUser();
  const group = useQuery({ queryKey: queryKeys.group(entry.groupSlug), queryFn: ({ signal }) => getGroup(entry.groupSlug, signal) });
  // Tells the group's roster which entry we are editing.
  useGroupPresence(entry.groupSlug, entry.id);

  // The title as co-edited live (of this entry: the page may have moved on to another), else the one the REST API knew.
  const [live, setLive] = useState<{ entryId: string; title: string } | null>(null);
  const title = (live?.entryId === entry.id ? live.title : entry.title).trim() || t('entries.untitled');

  const groupName = group.data ? localizedGroup(group.data, lang).name : entry.groupSlug;
  const canModerate = canModerateGroup(user, entry.groupSlug);
  return (
    <section className="editor-page">
      {/* The title is edited in its field below; the heading names the page for screen readers and the document title (usePageHeading follows it). */}
      <h1 className="visually-hidden" data-testid="editor-heading">
        {title}
      </h1>
      <nav className="breadcrumb">
        <Link to={paths.group(entry.groupSlug)}>← {t('editor.back', { group: groupName })}</Link>
      </nav>
      <CollabEditor
        key={entry.id}
        entry={entry}
        onEntryChanged={refresh}
        onTitleChange={(changed) => setLive((was) => (was?.entryId === entry.id && was.title === changed ? was : { entryId: entry.id, title: changed }))}
        aside={
          <>
            <EntryDetails entry={entry} />
            {/* One boundary: both panels appear together, so the later one cannot push the other down. */}
            <Suspense fallback={null}>
              <TranslationsPanel entry={entry} />
              <EntryRevisions entry={entry} canModerate={canModerate} />
            </Suspense>
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
