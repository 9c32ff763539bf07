import { useGatheredNote } from '../discussion/revision-comments';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { MAX_NOTE_CHARS, type RevisionDetailDto } from '@knowledge-hub/shared';
import { ApiError } from '../../api/http';
import { approveRevision, rejectRevision, requestChanges } from '../../api/moderation.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';

export type Decision = 'approved' | 'changes_requested' | 'rejected';
type Action = Decision | 'override';

interface ReviewActionsProps {
  revision: RevisionDetailDto;
  onDecided: (decision: Decision) => void;
}

/**
 * The moderator's decision: approve (optional note), request changes or
 * reject (a note is required). Buttons follow the server's `allowed` flags.
 * An administrator who contributed is refused with `self_review` and may then
 * approve anyway with `override: true`, which the audit log records.
 */
export function ReviewActions({ revision, onDecided }: ReviewActionsProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [refusedAsSelfReview, setRefusedAsSelfReview] = useState(false);
  const { allowed } = revision;

  // Offered after the server refused a plain approval, or straight away when only the override is allowed.
  const offerOverride = allowed.overrideSelfReview && (refusedAsSelfReview || !allowed.approve);
  const noteText = note.trim();
  // The open comments on this revision, offered as the note (request changes gathers them).
  const gathered = useGatheredNote(revision.id);

  const refetchRevision = () => void queryClient.invalidateQueries({ queryKey: queryKeys.revision(revision.id) });
  const decide = useMutation({
    mutationFn: (action: Action) => {
      const noteBody = noteText ? { note: noteText } : {};
      if (action === 'approved') return approveRevision(revision.id, noteBody);
      if (action === 'override') return approveRevision(revision.id, { ...noteBody, override: true });
      if (action === 'changes_requested') return requestChanges(revision.id, { note: noteText });
      return rejectRevision(revision.id, { note: noteText });
    },
    onSuccess: (_, action) => {
      setNote('');
      onDecided(action === 'override' ? 'approved' : action);
      // This revision, the queue, and the entry (status, history, audit log; its group's list).
      refetchRevision();
      void queryClient.invalidateQueries({ queryKey: queryKeys.reviewQueue() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.entry(revision.entryId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.groupEntries(revision.groupSlug) });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'self_review') setRefusedAsSelfReview(true);
      // The revision changed under us (e.g. another moderator decided it): show it as it is now.
      if (err instanceof ApiError && (err.code === 'revision_already_reviewed' || err.code === 'revision_not_found')) refetchRevision();
    },
  });
  const run = (action: Action) => decide.mutate(action);
  const pending = decide.isPending ? decide.variables : null;
  const error = decide.error;

  if (!allowed.approve && !allowed.requestChanges && !allowed.reject && !offerOverride) {
    return error ? <ErrorMessage>{errorText(t, error)}</ErrorMessage> : null;
  }

  const busy = pending !== null;
  return (
    <section className="panel review-actions" aria-labelledby="decision-heading" data-testid="review-actions">
      <h2 id="decision-heading" className="panel-title">
        {t('review.decision')}
      </h2>
      {error && <ErrorMessage>{errorText(t, error)}</ErrorMessage>}
      <label className="field">
        <span>{t('review.note')}</span>
        <textarea
          data-testid="review-note"
          value={note}
          rows={3}
          maxLength={MAX_NOTE_CHARS}
          placeholder={t('review.notePlaceholder')}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      {gathered && (allowed.requestChanges || allowed.reject) && !note.includes(gathered) && (
        <button
          type="button"
          className="link-button small"
          data-testid="gather-comments"
          onClick={() => setNote((n) => (n.trim() ? `${n.trim()}\n\n${gathered}` : gathered))}
        >
          {t('discussion.gather')}
        </button>
      )}
      <div className="review-buttons">
        {allowed.approve && (
          <button type="button" className="button primary" data-testid="approve-revision" disabled={busy} onClick={() => run('approved')}>
            {pending === 'approved' ? t('review.working') : t('review.approve')}
          </button>
        )}
        {allowed.requestChanges && (
          <button
            type="button"
            className="button"
            data-testid="request-changes"
            disabled={busy || !noteText}
            title={noteText ? undefined : t('review.noteRequired')}
            onClick={() => run('changes_requested')}
          >
            {pending === 'changes_requested' ? t('review.working') : t('review.requestChanges')}
          </button>
        )}
        {allowed.reject && (
          <button
            type="button"
            className="button danger"
            data-testid="reject-revision"
            disabled={busy || !noteText}
            title={noteText ? undefined : t('review.noteRequired')}
            onClick={() => run('rejected')}
          >
            {pending === 'rejected' ? t('review.working') : t('review.reject')}
          </button>
        )}
      </div>
      {(allowed.requestChanges || allowed.reject) && !noteText && <p className="muted small">{t('review.noteRequired')}</p>}
      {!allowed.approve && !allowed.overrideSelfReview && revision.status === 'pending' && (
        <p className="muted small" data-testid="self-review-note">
          {t('error.self_review')}
        </p>
      )}
      {offerOverride && (
        <div className="override" data-testid="self-review-override">
          <p className="small">{t('review.selfReviewExplained')}</p>
          <button type="button" className="button" data-testid="approve-override" disabled={busy} onClick={() => run('override')}>
            {pending === 'override' ? t('review.working') : t('review.approveOverride')}
          </button>
        </div>
      )}
    </section>
  );
}
