import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Editor } from '@tiptap/react';
import { useEffect, useMemo, useState } from 'react';
import type { CommentThreadDto, EntryDetailDto, TextAnchor } from '@knowledge-hub/shared';
import { getGroup } from '../../api/groups.api';
import { queryKeys } from '../../api/query-keys';
import { errorText } from '../../i18n/error-text';
import { useI18n } from '../../i18n/i18n-context';
import { ErrorMessage } from '../../ui/error-message';
import { useCurrentUser } from '../auth/session-context';
import { anchorOf, resolveAnchor } from './anchors';
import { NewThreadDraft } from './comment-form';
import { NO_HIGHLIGHTS, setCommentHighlights } from './comment-highlights';
import { discussionKeys, listEntryThreads, startEntryThread } from './discussion.api';
import { type AnchorView, ThreadView } from './thread-view';
import { useDiscussionEvents } from './use-discussion-events';
import './discussion.css';

export type ThreadFilter = 'open' | 'resolved' | 'mine';
const FILTERS: ThreadFilter[] = ['open', 'resolved', 'mine'];

/** Threads the filter keeps: open or resolved ones, or those `meId` took part in. */
export function filterThreads(threads: CommentThreadDto[], filter: ThreadFilter, meId: string): CommentThreadDto[] {
  switch (filter) {
    case 'open':
      return threads.filter((t) => !t.resolved);
    case 'resolved':
      return threads.filter((t) => t.resolved);
    case 'mine':
      return threads.filter((t) => t.comments.some((c) => c.author.userId === meId || c.mentions.some((m) => m.userId === meId)));
  }
}

/**
 * The editor's comment panel (members only; comments are the group's working
 * conversation): select text in the body, "Comment", write; threads follow
 * their words as everyone edits, live for everyone on the entry.
 */
export function CommentsPanel({ entry, editor }: { entry: EntryDetailDto; editor: Editor | null }) {
  if (entry.access !== 'write') return null;
  return <Panel entry={entry} editor={editor} />;
}

function Panel({ entry, editor }: { entry: EntryDetailDto; editor: Editor | null }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const listKey = discussionKeys.entry(entry.id);
  const threads = useQuery({ queryKey: listKey, queryFn: ({ signal }) => listEntryThreads(entry.id, signal) });
  const group = useQuery({ queryKey: queryKeys.group(entry.groupSlug), queryFn: ({ signal }) => getGroup(entry.groupSlug, signal) });
  const people = useMemo(
    () => (group.data?.members ?? []).filter((m) => m.userId !== me.id).map((m) => ({ userId: m.userId, name: m.name })),
    [group.data, me.id],
  );
  const [filter, setFilter] = useState<ThreadFilter>('open');
  const [active, setActive] = useState<string | null>(null);
  const [draft, setDraft] = useState<TextAnchor | null>(null);
  const [, setTick] = useState(0);

  // Re-render on every transaction: anchors move with local and remote edits, and the selection decides "Comment".
  useEffect(() => {
    if (!editor) return;
    const bump = () => setTick((n) => n + 1);
    editor.on('transaction', bump);
    return () => {
      editor.off('transaction', bump);
    };
  }, [editor]);
  // The threads' marks go when the panel does.
  useEffect(
    () => () => {
      if (editor) setCommentHighlights(editor, NO_HIGHLIGHTS);
    },
    [editor],
  );
  const open = useMemo(() => (threads.data ?? []).filter((th) => !th.resolved && th.anchor.kind === 'text'), [threads.data]);
  useEffect(() => {
    if (editor) setCommentHighlights(editor, { anchors: open.map((th) => ({ id: th.id, anchor: th.anchor as TextAnchor })), active });
  }, [editor, open, active]);

  useDiscussionEvents(entry.id, null);

  const start = useMutation({
    mutationFn: (v: { anchor: TextAnchor; body: string; mentions: string[] }) => startEntryThread(entry.id, v),
    onSuccess: (thread) => {
      setDraft(null);
      setFilter('open');
      setActive(thread.id);
      return queryClient.invalidateQueries({ queryKey: listKey });
    },
  });

  const selection = editor && !editor.isDestroyed ? editor.state.selection : null;
  const selected = !!selection && !selection.empty;
  const anchorView = (th: CommentThreadDto): AnchorView => {
    if (!editor || editor.isDestroyed || th.anchor.kind !== 'text') return { kind: 'frozen' };
    const at = resolveAnchor(editor.state, th.anchor);
    return at ? { kind: 'live', text: at.text } : { kind: 'deleted' };
  };
  const select = (th: CommentThreadDto) => {
    setActive(th.id);
    if (!editor || editor.isDestroyed || th.anchor.kind !== 'text') return;
    const at = resolveAnchor(editor.state, th.anchor);
    if (at) editor.commands.setTextSelection({ from: at.from, to: at.to });
  };
  const shown = filterThreads(threads.data ?? [], filter, me.id);

  return (
    <section className="panel comments-panel" aria-labelledby="comments-heading" data-testid="comments-panel">
      <h2 id="comments-heading" className="panel-title">
        {t('discussion.title')}
      </h2>
      {draft ? (
        <NewThreadDraft
          quote={draft.quote}
          people={people}
          busy={start.isPending}
          error={start.error}
          onSubmit={(body, mentions) => start.mutate({ anchor: draft, body, mentions })}
          onCancel={() => setDraft(null)}
        />
      ) : (
        <button
          type="button"
          className="button small"
          data-testid="comment-add"
          disabled={!selected}
          title={selected ? undefined : t('discussion.selectFirst')}
          onMouseDown={(e) => e.preventDefault()} // keep the body's selection
          onClick={() => {
            if (!editor || !selection) return;
            setDraft(anchorOf(editor.state, selection.from, selection.to));
          }}
        >
          {t('discussion.add')}
        </button>
      )}
      {/* biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons */}
      <div className="comment-filters" role="group" aria-label={t('discussion.filter')}>
        {FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            className={`button small${filter === f ? ' primary' : ''}`}
            aria-pressed={filter === f}
            data-testid={`comment-filter-${f}`}
            onClick={() => setFilter(f)}
          >
            {t(`discussion.filter.${f}`)}
          </button>
        ))}
      </div>
      {threads.error && <ErrorMessage>{errorText(t, threads.error)}</ErrorMessage>}
      {threads.data && shown.length === 0 && <p className="muted small">{t('discussion.none')}</p>}
      {shown.map((th) => (
        <ThreadView
          key={th.id}
          thread={th}
          anchor={anchorView(th)}
          meId={me.id}
          people={people}
          canComment
          active={active === th.id}
          listKey={listKey}
          onSelect={() => select(th)}
        />
      ))}
    </section>
  );
}
