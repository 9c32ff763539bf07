import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import type { CommentDto, CommentThreadDto } from '@knowledge-hub/shared';
import { errorText } from '../../i18n/error-text';
import { useI18n } from '../../i18n/i18n-context';
import { ErrorMessage } from '../../ui/error-message';
import { CommentForm, type Mentionable } from './comment-form';
import { deleteComment, editComment, replyTo, setThreadResolved } from './discussion.api';

/** Where the thread's text is now: on the live draft (or gone), or on a frozen revision. */
export type AnchorView = { kind: 'live'; text: string } | { kind: 'deleted' } | { kind: 'frozen' };

interface ThreadViewProps {
  thread: CommentThreadDto;
  anchor: AnchorView;
  meId: string;
  people: Mentionable[];
  canComment: boolean;
  active: boolean;
  listKey: QueryKey;
  onSelect: () => void;
}

/** One thread: what it is on, its comments, a reply box, resolve/reopen; edit and delete on one's own comments. */
export function ThreadView({ thread, anchor, meId, people, canComment, active, listKey, onSelect }: ThreadViewProps) {
  const { t, formatDate } = useI18n();
  const queryClient = useQueryClient();
  const [replying, setReplying] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const refetch = () => queryClient.invalidateQueries({ queryKey: listKey });
  const act = useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSuccess: () => {
      setReplying(false);
      setEditing(null);
      return refetch();
    },
  });

  return (
    <article
      className={`comment-thread${active ? ' active' : ''}${thread.resolved ? ' resolved' : ''}`}
      data-testid="comment-thread"
      data-thread-id={thread.id}
      data-anchor-state={anchor.kind}
    >
      <blockquote className="comment-quote small" data-testid="comment-anchor">
        {anchor.kind === 'deleted' ? (
          <>
            <span className="badge warn" data-testid="comment-on-deleted">
              {t('discussion.onDeletedText')}
            </span>{' '}
            <s>{thread.anchor.quote}</s>
          </>
        ) : (
          <button type="button" className="link-button comment-anchor-text" data-testid="comment-anchor-text" onClick={onSelect}>
            {anchor.kind === 'live' ? anchor.text : thread.anchor.quote}
          </button>
        )}
      </blockquote>
      {thread.resolved && (
        <p className="muted small" data-testid="comment-resolved">
          {t('discussion.resolvedBy', { name: thread.resolved.by.name })}
        </p>
      )}
      <ol className="plain-list comment-list">
        {thread.comments.map((c) => (
          <li key={c.id} className="comment" data-testid="comment" data-comment-id={c.id}>
            <p className="comment-meta small">
              <strong>{c.author.name}</strong> <span className="muted">{formatDate(c.createdAt)}</span>
              {c.editedAt && <span className="muted"> · {t('discussion.edited')}</span>}
            </p>
            {editing === c.id ? (
              <CommentForm
                people={people}
                initial={{ body: c.body, mentions: c.mentions }}
                submitLabel={t('discussion.save')}
                busy={act.isPending}
                testId="comment-edit-form"
                autoFocus
                onSubmit={(body, mentions) => act.mutate(() => editComment(c.id, { body, mentions }))}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <p className="comment-body" data-testid="comment-body">
                <CommentText comment={c} />
              </p>
            )}
            {c.author.userId === meId && canComment && editing !== c.id && (
              <p className="comment-actions small">
                <button type="button" className="link-button" data-testid="comment-edit" onClick={() => setEditing(c.id)}>
                  {t('discussion.edit')}
                </button>
                <button
                  type="button"
                  className="link-button"
                  data-testid="comment-delete"
                  disabled={act.isPending}
                  onClick={() => {
                    if (window.confirm(t('discussion.confirmDelete'))) act.mutate(() => deleteComment(c.id));
                  }}
                >
                  {t('discussion.delete')}
                </button>
              </p>
            )}
          </li>
        ))}
      </ol>
      {act.error && <ErrorMessage>{errorText(t, act.error)}</ErrorMessage>}
      {canComment && (
        <div className="thread-actions small">
          {replying ? (
            <CommentForm
              people={people}
              submitLabel={t('discussion.reply')}
              busy={act.isPending}
              testId="reply-form"
              autoFocus
              onSubmit={(body, mentions) => act.mutate(() => replyTo(thread.id, { body, mentions }))}
              onCancel={() => setReplying(false)}
            />
          ) : (
            <button type="button" className="link-button" data-testid="comment-reply" onClick={() => setReplying(true)}>
              {t('discussion.reply')}
            </button>
          )}
          <button
            type="button"
            className="link-button"
            data-testid={thread.resolved ? 'comment-reopen' : 'comment-resolve'}
            disabled={act.isPending}
            onClick={() => act.mutate(() => setThreadResolved(thread.id, !thread.resolved))}
          >
            {thread.resolved ? t('discussion.reopen') : t('discussion.resolve')}
          </button>
        </div>
      )}
    </article>
  );
}

/** The comment's text with its mentions set apart. */
function CommentText({ comment }: { comment: CommentDto }) {
  if (comment.mentions.length === 0) return <>{comment.body}</>;
  const names = comment.mentions.map((m) => `@${m.name}`).sort((a, b) => b.length - a.length);
  const parts: (string | { mention: string })[] = [];
  let rest = comment.body;
  while (rest.length > 0) {
    let at = -1;
    let found = '';
    for (const n of names) {
      const i = rest.indexOf(n);
      if (i >= 0 && (at < 0 || i < at)) {
        at = i;
        found = n;
      }
    }
    if (at < 0) {
      parts.push(rest);
      break;
    }
    if (at > 0) parts.push(rest.slice(0, at));
    parts.push({ mention: found });
    rest = rest.slice(at + found.length);
  }
  return (
    <>
      {parts.map((p, i) =>
        typeof p === 'string' ? (
          p
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order
          <span key={i} className="mention" data-testid="comment-mention">
            {p.mention}
          </span>
        ),
      )}
    </>
  );
}
