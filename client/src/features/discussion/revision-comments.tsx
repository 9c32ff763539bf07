import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { BlockAnchor, RevisionDetailDto } from '@knowledge-hub/shared';
import { getGroup } from '../../api/groups.api';
import { queryKeys } from '../../api/query-keys';
import { errorText } from '../../i18n/error-text';
import { useI18n } from '../../i18n/i18n-context';
import { ErrorMessage } from '../../ui/error-message';
import { canModerateGroup } from '../auth/roles';
import { useCurrentUser } from '../auth/session-context';
import { blockAnchorOfSelection, gatherIntoNote } from './block-anchor';
import { NewThreadDraft } from './comment-form';
import { discussionKeys, listRevisionThreads, startRevisionThread } from './discussion.api';
import { ThreadView } from './thread-view';
import { useDiscussionEvents } from './use-discussion-events';
import './discussion.css';

/** The revision's rendered text on the review page (RevisionContent's article). */
const REVISION_ARTICLE = '[data-testid="revision-html"]';

/**
 * Comments on a frozen revision (review page): its group's moderators select
 * text in the revision and comment on it; every member reads and answers.
 */
export function RevisionComments({ revision }: { revision: RevisionDetailDto }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const listKey = discussionKeys.revision(revision.id);
  const threads = useQuery({ queryKey: listKey, queryFn: ({ signal }) => listRevisionThreads(revision.id, signal) });
  const group = useQuery({ queryKey: queryKeys.group(revision.groupSlug), queryFn: ({ signal }) => getGroup(revision.groupSlug, signal) });
  const people = useMemo(
    () => (group.data?.members ?? []).filter((m) => m.userId !== me.id).map((m) => ({ userId: m.userId, name: m.name })),
    [group.data, me.id],
  );
  const [draft, setDraft] = useState<BlockAnchor | null>(null);
  const [hint, setHint] = useState(false);
  useDiscussionEvents(revision.entryId, revision.id);
  const canStart = canModerateGroup(me, revision.groupSlug);
  const start = useMutation({
    mutationFn: (v: { anchor: BlockAnchor; body: string; mentions: string[] }) => startRevisionThread(revision.id, v),
    onSuccess: () => {
      setDraft(null);
      return queryClient.invalidateQueries({ queryKey: listKey });
    },
  });
  if (threads.error) return <ErrorMessage>{errorText(t, threads.error)}</ErrorMessage>;

  return (
    <section className="panel comments-panel" aria-labelledby="revision-comments-heading" data-testid="revision-comments">
      <h2 id="revision-comments-heading" className="panel-title">
        {t('discussion.title')}
      </h2>
      {canStart &&
        (draft ? (
          <NewThreadDraft
            quote={draft.quote}
            people={people}
            busy={start.isPending}
            error={start.error}
            onSubmit={(body, mentions) => start.mutate({ anchor: draft, body, mentions })}
            onCancel={() => setDraft(null)}
          />
        ) : (
          <>
            <button
              type="button"
              className="button small"
              data-testid="comment-add"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                const article = document.querySelector<HTMLElement>(REVISION_ARTICLE);
                const anchor = article ? blockAnchorOfSelection(article, window.getSelection()) : null;
                setHint(!anchor);
                setDraft(anchor);
              }}
            >
              {t('discussion.add')}
            </button>
            {hint && <p className="muted small">{t('discussion.selectFirst')}</p>}
          </>
        ))}
      {threads.data?.length === 0 && <p className="muted small">{t('discussion.none')}</p>}
      {threads.data?.map((th) => (
        <ThreadView
          key={th.id}
          thread={th}
          anchor={{ kind: 'frozen' }}
          meId={me.id}
          people={people}
          canComment
          active={false}
          listKey={listKey}
          onSelect={() => undefined}
        />
      ))}
    </section>
  );
}

/** The revision's open comment threads as a note for "request changes" ('' when there are none). */
export function useGatheredNote(revisionId: string): string {
  const threads = useQuery({ queryKey: discussionKeys.revision(revisionId), queryFn: ({ signal }) => listRevisionThreads(revisionId, signal) });
  return useMemo(() => gatherIntoNote(threads.data ?? []), [threads.data]);
}
