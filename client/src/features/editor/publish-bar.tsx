import { type ReactNode, useEffect, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { Editor } from '@tiptap/react';
import { type EntryDetailDto, MAX_NOTE_CHARS } from '@knowledge-hub/shared';
import { ApiError } from '../../api/http';
import { submitRevision } from '../../api/moderation.api';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { publicEntryUrl } from '../../routing/paths';
import { ErrorMessage } from '../../ui/error-message';
import { useFocusOnMount } from '../../ui/focus-on-mount';
import type { CollabSession, CollabSnapshot } from './collab-session';
import { useChangesSincePublished } from './use-changes-since-published';

/** How long "Submit for review" waits for unacknowledged edits to be stored before giving up. */
const SAVE_WAIT_TIMEOUT_MS = 10_000;

interface PublishBarProps {
  entry: EntryDetailDto;
  /** Null until the live session exists (nothing can be submitted then). */
  session: CollabSession | null;
  snapshot: CollabSnapshot;
  editor: Editor | null;
  /** The entry's state may have changed (after a submit): refetch it. */
  onEntryChanged: () => void;
}

type SubmitResult = { kind: 'submitted'; number: number } | { kind: 'no_changes' } | { kind: 'error'; error: unknown };

/**
 * The entry's publishing state above the editor: draft / in review /
 * published / changes requested / unpublished, how far the live draft has
 * moved from what readers see, and "Submit for review" for members.
 */
export function PublishBar({ entry, session, snapshot, editor, onEntryChanged }: PublishBarProps) {
  const { t } = useI18n();
  const changes = useChangesSincePublished(entry.id, entry.publishedRevisionId, session?.doc ?? null, editor, snapshot.loaded);
  const [submitting, setSubmitting] = useState<'saving' | 'sending' | null>(null);
  const [changeNote, setChangeNote] = useState('');
  const submission = useMutation({
    mutationFn: async () => {
      // The server freezes what it has stored: edits still in flight would be missing from the revision.
      if (!session) throw new Error(t('publish.notSaved')); // (the button is disabled until the document is loaded)
      if (session.getSnapshot().status !== 'live') {
        setSubmitting('saving');
        if (!(await whenSaved(session, SAVE_WAIT_TIMEOUT_MS))) throw new Error(t('publish.notSaved'));
      }
      setSubmitting('sending');
      return submitRevision(entry.id, changeNote.trim());
    },
    // Refetches the entry (now in review) and its history.
    onSuccess: () => {
      setChangeNote('');
      onEntryChanged();
    },
    onSettled: () => setSubmitting(null),
  });
  const result: SubmitResult | null = submission.isSuccess
    ? { kind: 'submitted', number: submission.data.number }
    : submission.isError
      ? submission.error instanceof ApiError && submission.error.code === 'no_changes'
        ? { kind: 'no_changes' }
        : { kind: 'error', error: submission.error }
      : null;
  // A result describes the submission, not what a moderator did since: once the
  // entry leaves review (approved, changes requested…), the status says it all.
  const { reset } = submission;
  useEffect(() => {
    if (entry.status !== 'in_review') reset();
  }, [entry.status, reset]);
  const canSubmit = entry.access === 'write';
  const connected = snapshot.status === 'live' || snapshot.status === 'saving';
  const submit = () => submission.mutate();

  return (
    <div className="publish-bar">
      <div className="publish-state">
        <span className={`badge state-badge status-badge-${entry.status}`} data-testid="entry-state" data-state={entry.status}>
          {t(`status.${entry.status}`)}
        </span>
        {changes !== null ? (
          <span className="muted small" data-testid="changes-since-published" data-count={changes}>
            {changes === 0
              ? t('publish.noChangesSincePublished')
              : changes === 1
                ? t('publish.changesSincePublishedOne')
                : t('publish.changesSincePublished', { count: changes })}
          </span>
        ) : (
          entry.publishedRevisionId !== null && (
            // Its place, kept while the count is on its way (as wide as the longer of its texts): on a phone the line
            // wraps, and the text below would move down when the count came.
            <span className="muted small changes-pending" aria-hidden="true">
              {longer(t('publish.noChangesSincePublished'), t('publish.changesSincePublished', { count: 88 }))}
            </span>
          )
        )}
        {entry.publishedRevisionId !== null && (
          <a className="small" href={publicEntryUrl(entry.slug)} target="_blank" rel="noopener" data-testid="view-published">
            {t('publish.viewPublished')}
          </a>
        )}
      </div>
      {canSubmit && (
        <input
          className="submit-note small"
          data-testid="submit-note"
          aria-label={t('publish.changeNote')}
          placeholder={t('publish.changeNote')}
          value={changeNote}
          maxLength={MAX_NOTE_CHARS}
          onChange={(e) => setChangeNote(e.target.value)}
        />
      )}
      {canSubmit && (
        <button
          type="button"
          className="button small primary"
          data-testid="submit-revision"
          disabled={submitting !== null || !snapshot.loaded || !connected}
          title={connected ? undefined : t('publish.needsConnection')}
          onClick={submit}
        >
          {submitting === 'saving' ? t('publish.waitingForSave') : submitting === 'sending' ? t('publish.submitting') : t('publish.submit')}
        </button>
      )}
      {result && result.kind !== 'error' && (
        <SubmitResultText key={result.kind} kind={result.kind}>
          {result.kind === 'submitted' ? t('publish.submitted', { number: result.number }) : t('error.no_changes')}
        </SubmitResultText>
      )}
      {result?.kind === 'error' && (
        <div className="publish-result">
          <ErrorMessage>{errorText(t, result.error)}</ErrorMessage>
        </div>
      )}
    </div>
  );
}

/** Resolves true once every edit sent on the current socket is acknowledged as stored, false after `timeoutMs`. */
function whenSaved(session: CollabSession, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const check = () => {
      if (session.getSnapshot().status !== 'live') return;
      finish(true);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const unsubscribe = session.subscribe(check);
    function finish(saved: boolean) {
      clearTimeout(timer);
      unsubscribe();
      resolve(saved);
    }
    check();
  });
}

/** What came of "Submit for review": focused when it appears (the button that was pressed may be gone). */
function SubmitResultText({ kind, children }: { kind: SubmitResult['kind']; children: ReactNode }) {
  const ref = useFocusOnMount<HTMLParagraphElement>();
  return (
    <p ref={ref} tabIndex={-1} className="publish-result small" role="status" data-testid="submit-result" data-result={kind}>
      {children}
    </p>
  );
}

/** The longer of two texts (in characters: close enough to their width, in one language and font). */
function longer(a: string, b: string): string {
  return b.length > a.length ? b : a;
}
