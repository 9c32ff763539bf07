import { useEffect, useId, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getMarkRange, type Editor } from '@tiptap/core';
import type { EntryDetailDto, SearchResultsDto } from '@knowledge-hub/shared';
import { LINK_MARK } from '@knowledge-hub/shared';
import { listEntries } from '../../api/entries.api';
import { request } from '../../api/http';
import { useI18n } from '../../i18n/i18n-context';
import type { EditorUi } from './editor-ui';
import { checkLinkHref, internalHref, internalSlug } from './link-href';
import { trackPosition } from './tracked-position';

interface LinkTarget {
  slug: string;
  title: string;
  groupSlug: string;
}

/** Typed text that is an address rather than words to search entries by. */
function looksLikeAddress(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(text.trim()) || text.trim().startsWith('/');
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Entries to link to: this group's (drafts included) whose title matches, then published entries of any group. */
async function searchLinkTargets(entry: EntryDetailDto, query: string, signal: AbortSignal): Promise<LinkTarget[]> {
  const needle = query.toLocaleLowerCase();
  const [own, published] = await Promise.all([
    listEntries(entry.groupSlug, signal),
    request<SearchResultsDto>('GET', `/api/public/search?q=${encodeURIComponent(query)}&limit=8`, { signal }).catch(
      () => ({ total: 0, hits: [] }) as SearchResultsDto,
    ),
  ]);
  const found = new Map<string, LinkTarget>();
  for (const e of own) {
    if (e.id !== entry.id && e.title.toLocaleLowerCase().includes(needle)) found.set(e.slug, { slug: e.slug, title: e.title, groupSlug: e.groupSlug });
  }
  for (const hit of published.hits) {
    if (hit.entryId !== entry.id && !found.has(hit.slug)) found.set(hit.slug, { slug: hit.slug, title: hit.title, groupSlug: hit.groupSlug });
  }
  return [...found.values()].slice(0, 10);
}

interface LinkPanelProps {
  editor: Editor;
  ui: EditorUi;
  entry: EntryDetailDto;
}

/**
 * Ctrl/Cmd+K or the link button: type an address (http, https, mailto) or
 * words to find an entry of the hub to link to (`/e/<slug>`, with the entry's
 * title). On an existing link it edits or removes it.
 */
export function LinkPanel({ editor, ui, entry }: LinkPanelProps) {
  const { t } = useI18n();
  const inputId = useId();
  const target = useMemo(() => {
    const { state } = editor;
    let { from, to } = state.selection;
    const linkType = state.schema.marks[LINK_MARK];
    const existing = editor.isActive(LINK_MARK) ? (editor.getAttributes(LINK_MARK).href as string | undefined) : undefined;
    if (existing && linkType) {
      const range = getMarkRange(state.doc.resolve(from), linkType);
      if (range) ({ from, to } = range);
    }
    return { from: trackPosition(state, from), to: trackPosition(state, to), empty: from === to, existing: existing ?? null };
  }, [editor]);
  const [value, setValue] = useState(target.existing ?? '');
  const [error, setError] = useState<string | null>(null);
  const query = useDebounced(looksLikeAddress(value) ? '' : value.trim(), 250);
  const results = useQuery({
    queryKey: ['link-targets', entry.groupSlug, query],
    queryFn: ({ signal }) => searchLinkTargets(entry, query, signal),
    enabled: query.length >= 1,
    staleTime: 30_000,
  });

  const close = () => {
    ui.close();
    editor.commands.focus();
  };

  const range = (): { from: number; to: number } | null => {
    const from = target.from.resolve(editor.state);
    const to = target.to.resolve(editor.state);
    return from === null || to === null ? null : { from, to: Math.max(from, to) };
  };

  const apply = (href: string, title: string | null) => {
    const at = range();
    if (!at) return close();
    const attrs = { href, title };
    const chain = editor.chain().focus();
    if (at.from === at.to) {
      // Nothing selected: the link's own text is inserted (the entry's title, or the address).
      chain.insertContentAt(at.from, { type: 'text', text: title ?? href, marks: [{ type: LINK_MARK, attrs }] }).run();
    } else {
      chain.setTextSelection(at).extendMarkRange(LINK_MARK).setLink(attrs).setTextSelection(at.to).run();
    }
    ui.close();
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const check = checkLinkHref(value, window.location.origin);
    if (check.ok) {
      const known = check.slug ? results.data?.find((r) => r.slug === check.slug) : undefined;
      return apply(check.href, known?.title ?? null);
    }
    const first = !looksLikeAddress(value) ? results.data?.[0] : undefined;
    if (first) return apply(internalHref(first.slug), first.title);
    setError(check.reason === 'empty' ? t('link.empty') : t('link.unsupported'));
  };

  const remove = () => {
    const at = range();
    if (at) editor.chain().focus().setTextSelection(at).extendMarkRange(LINK_MARK).unsetLink().setTextSelection(at.to).run();
    ui.close();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  const existingSlug = internalSlug(target.existing);
  return (
    <form className="editor-panel link-panel" role="dialog" aria-label={t('link.title')} data-testid="link-panel" onSubmit={submit} onKeyDown={onKeyDown}>
      <label htmlFor={inputId} className="panel-label">
        {t('link.label')}
      </label>
      <div className="panel-row">
        <input
          id={inputId}
          className="input"
          data-testid="link-input"
          // biome-ignore lint/a11y/noAutofocus: the panel opens for typing the link
          autoFocus
          value={value}
          placeholder={t('link.placeholder')}
          onChange={(event) => {
            setValue(event.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="button small primary" data-testid="link-apply">
          {t('link.apply')}
        </button>
        {target.existing && (
          <button type="button" className="button small" data-testid="link-remove" onClick={remove}>
            {t('link.remove')}
          </button>
        )}
        <button type="button" className="button small" onClick={close}>
          {t('common.cancel')}
        </button>
      </div>
      {existingSlug && <p className="muted small">{t('link.internalCurrent', { slug: existingSlug })}</p>}
      {error && (
        <p className="error small" role="alert" data-testid="link-error">
          {error}
        </p>
      )}
      {query.length >= 1 && (
        <ul className="link-results plain-list" aria-label={t('link.results')} data-testid="link-results">
          {results.isPending && <li className="muted small">{t('common.loading')}</li>}
          {results.data?.length === 0 && <li className="muted small">{t('link.noResults')}</li>}
          {results.data?.map((r) => (
            <li key={r.slug}>
              <button type="button" className="link-result" data-testid="link-result" onClick={() => apply(internalHref(r.slug), r.title)}>
                <span className="link-result-title">{r.title}</span> <span className="muted small">/e/{r.slug}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
