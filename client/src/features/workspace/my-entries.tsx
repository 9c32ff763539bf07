import { Link } from 'react-router';
import type { EntryDto } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import { paths } from '../../routing/paths';
import './workspace.css';

/** "My drafts" and "Recently edited" on the groups page: entries the user contributed to, most recent first. */
export function MyEntriesLists({ drafts, recent }: { drafts: EntryDto[]; recent: EntryDto[] }) {
  const { t } = useI18n();
  if (drafts.length === 0 && recent.length === 0) return null;
  return (
    <div className="my-entries">
      <ShortList title={t('myEntries.drafts')} entries={drafts} testId="my-drafts" empty={t('myEntries.noDrafts')} />
      <ShortList title={t('myEntries.recent')} entries={recent} testId="recently-edited" empty="" />
    </div>
  );
}

const SHOWN = 5;

function ShortList({ title, entries, testId, empty }: { title: string; entries: EntryDto[]; testId: string; empty: string }) {
  const { t, formatDate } = useI18n();
  return (
    <section className="panel" data-testid={testId}>
      <h2 className="panel-title">{title}</h2>
      {entries.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <ul className="short-list">
          {entries.slice(0, SHOWN).map((entry) => (
            <li key={entry.id}>
              <Link to={paths.editor(entry.id)}>{entry.title || t('entries.untitled')}</Link> <span className="muted small">{formatDate(entry.updatedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
