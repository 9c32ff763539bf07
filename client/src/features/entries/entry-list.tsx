import { Link } from 'react-router';
import type { EntryDto } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import { paths } from '../../routing/paths';
import './entries.css';

/** The entries of a group, newest first (the server's order). */
export function EntryList({ entries }: { entries: EntryDto[] }) {
  const { t, formatDate } = useI18n();
  if (entries.length === 0) return <p className="muted">{t('group.noEntries')}</p>;
  return (
    <ul className="entry-list" data-testid="entry-list">
      {entries.map((entry) => (
        <li key={entry.id} className="entry-row">
          <div className="entry-heading">
            <Link to={paths.editor(entry.id)} data-testid={`entry-link-${entry.id}`} className="entry-title">
              {entry.title || t('entries.untitled')}
            </Link>
            <span className="badges">
              <span className="badge">{t(`kind.${entry.kind}`)}</span>
              <span className={`badge status-badge-${entry.status}`}>{t(`status.${entry.status}`)}</span>
            </span>
          </div>
          {entry.summary && <p className="entry-summary">{entry.summary}</p>}
          <p className="muted small">{t('entries.updated', { date: formatDate(entry.updatedAt) })}</p>
        </li>
      ))}
    </ul>
  );
}
