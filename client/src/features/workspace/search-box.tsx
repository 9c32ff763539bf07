import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { MAX_SEARCH_QUERY_CHARS } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import { searchPath } from './search-path';

/** Searches every entry one may read, drafts included (the results page is /search?q=). */
export function SearchBox({ initial = '' }: { initial?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [q, setQ] = useState(initial);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (q.trim()) navigate(searchPath(q.trim()));
  };
  return (
    <search>
      <form className="workspace-search" onSubmit={onSubmit}>
        <label className="visually-hidden" htmlFor="workspace-search-input">
          {t('search.label')}
        </label>
        <input
          id="workspace-search-input"
          type="search"
          data-testid="workspace-search-input"
          value={q}
          maxLength={MAX_SEARCH_QUERY_CHARS}
          placeholder={t('search.placeholder')}
          onChange={(e) => setQ(e.target.value)}
        />
        <button type="submit" className="button" data-testid="workspace-search-submit">
          {t('search.submit')}
        </button>
      </form>
    </search>
  );
}
