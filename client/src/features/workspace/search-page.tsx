import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { WorkspaceSearchHitDto } from '@knowledge-hub/shared';
import { searchWorkspace, workspaceKeys } from '../../api/workspace.api';
import { useI18n } from '../../i18n/i18n-context';
import { paths } from '../../routing/paths';
import { ResourceState } from '../../ui/load-error';
import { SearchBox } from './search-box';
import './workspace.css';

/** /app/search?q= — entries (drafts included) whose live text contains every word of the query. */
export function SearchPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const results = useQuery({ queryKey: workspaceKeys.search(q), queryFn: ({ signal }) => searchWorkspace(q, signal), enabled: q.length > 0 });
  return (
    <section className="search-page">
      <nav className="breadcrumb">
        <Link to={paths.groups()}>← {t('groups.title')}</Link>
      </nav>
      <h1>{t('search.title')}</h1>
      <SearchBox key={q} initial={q} />
      {q && (
        <ResourceState data={results.data} error={results.error} onRetry={results.refetch}>
          {(data) => <SearchHits q={q} hits={data.hits} />}
        </ResourceState>
      )}
    </section>
  );
}

export function SearchHits({ q, hits }: { q: string; hits: WorkspaceSearchHitDto[] }) {
  const { t } = useI18n();
  if (hits.length === 0)
    return (
      <p className="muted" data-testid="search-empty">
        {t('search.none', { q })}
      </p>
    );
  return (
    <ul className="entry-list" data-testid="search-results">
      {hits.map(({ entry, snippet }) => (
        <li key={entry.id} className="entry-row" data-testid="search-hit">
          <div className="entry-heading">
            <Link to={paths.editor(entry.id)} className="entry-title">
              {entry.title || t('entries.untitled')}
            </Link>
            <span className={`badge status-badge-${entry.status}`}>{t(`status.${entry.status}`)}</span>
          </div>
          <p className="entry-summary">{snippet}</p>
          <p className="muted small">{entry.groupSlug}</p>
        </li>
      ))}
    </ul>
  );
}
