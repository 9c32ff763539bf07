import { useState } from 'react';
import { useMutation, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { EntryDetailDto, RevisionSummaryDto } from '@knowledge-hub/shared';
import { restoreRevision, unpublishEntry } from '../../api/moderation.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { paths } from '../../routing/paths';
import { ErrorMessage } from '../../ui/error-message';
import { LoadError } from '../../ui/load-error';
import { ConfirmAction, useConfirmOpener } from './confirm-action';
import { EntryArchive } from './entry-archive';

interface RevisionHistoryProps {
  entry: EntryDetailDto;
  /** Moderators of the entry's group (and admins) may restore and unpublish; the server decides. */
  canModerate: boolean;
  revisions: UseQueryResult<RevisionSummaryDto[]>;
}

type Pending = { kind: 'restore'; revision: RevisionSummaryDto } | { kind: 'unpublish' };
type Outcome = { kind: 'restored'; number: number } | { kind: 'unpublished' };

/**
 * The entry's submitted revisions, newest first, with their review; for
 * moderators "Restore this revision" (a forward edit of the live draft that
 * connected editors see arrive) and "Unpublish".
 */
export function RevisionHistory({ entry, canModerate, revisions }: RevisionHistoryProps) {
  const { t, formatDate } = useI18n();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<Pending | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const opener = useConfirmOpener();
  const cancel = (key: string) => {
    setConfirming(null);
    opener.cancelled(key);
  };
  const action = useMutation({
    mutationFn: async ({ pending, note }: { pending: Pending; note: string }): Promise<Outcome> => {
      const body = note ? { note } : {};
      if (pending.kind === 'restore') {
        await restoreRevision(pending.revision.id, body);
        return { kind: 'restored', number: pending.revision.number };
      }
      await unpublishEntry(entry.id, body);
      return { kind: 'unpublished' };
    },
    onMutate: () => setOutcome(null),
    onSuccess: (done) => {
      setOutcome(done);
      setConfirming(null);
      // The entry's status, history and audit log; an unpublished entry also changes its group's list.
      void queryClient.invalidateQueries({ queryKey: queryKeys.entry(entry.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.groupEntries(entry.groupSlug) });
    },
  });
  const act = (pending: Pending, note: string) => action.mutate({ pending, note });
  const busy = action.isPending;
  const error = action.error;

  const list = revisions.data ?? [];
  return (
    <details className="panel collapsible" data-testid="revision-history" data-count={list.length} open>
      <summary className="panel-title">
        {t('history.title')}
        {revisions.data && ` (${list.length})`}
      </summary>
      {outcome && (
        <p className="notice small" role="status" data-testid="history-result" data-result={outcome.kind}>
          {outcome.kind === 'restored' ? t('history.restored', { number: outcome.number }) : t('history.unpublished')}
        </p>
      )}
      {error && <ErrorMessage>{errorText(t, error)}</ErrorMessage>}
      {((canModerate && entry.publishedRevisionId !== null) || entry.can.archive) && (
        <div className="history-actions">
          {canModerate &&
            entry.publishedRevisionId !== null &&
            (confirming?.kind === 'unpublish' ? (
              <ConfirmAction
                question={t('history.unpublishConfirm')}
                confirmLabel={t('history.unpublish')}
                confirmTestId="confirm-unpublish"
                busy={busy}
                onConfirm={(note) => act({ kind: 'unpublish' }, note)}
                onCancel={() => cancel('unpublish')}
              />
            ) : (
              <button
                ref={opener.ref('unpublish')}
                type="button"
                className="button small danger"
                data-testid="unpublish-entry"
                disabled={busy}
                onClick={() => setConfirming({ kind: 'unpublish' })}
              >
                {t('history.unpublish')}
              </button>
            ))}
          {entry.can.archive && <EntryArchive entry={entry} />}
        </div>
      )}
      {revisions.error && !revisions.data && <LoadError error={revisions.error} onRetry={revisions.refetch} />}
      {revisions.data && list.length === 0 && <p className="muted small">{t('history.empty')}</p>}
      {revisions.isLoading && <p className="muted small">{t('common.loading')}</p>}
      <ol className="history-list">
        {list.map((r) => (
          <li key={r.id} className="history-item" data-testid="revision-item" data-revision-id={r.id} data-status={r.status}>
            <div className="history-heading">
              <Link to={paths.review(r.id)} className="history-number">
                {t('review.revisionNumber', { number: r.number })}
              </Link>
              <span className={`badge revision-status-${r.status}`}>{t(`revisionStatus.${r.status}`)}</span>
              {r.id === entry.publishedRevisionId && (
                <span className="badge status-badge-published" data-testid="revision-live">
                  {t('history.live')}
                </span>
              )}
            </div>
            <p className="muted small history-meta">
              {r.submittedBy.name} · <time dateTime={r.submittedAt}>{formatDate(r.submittedAt)}</time>
            </p>
            {r.changeNote && (
              <p className="small history-change-note" data-testid="revision-change-note">
                <span className="muted">{t('history.changeNote')}:</span> <q>{r.changeNote}</q>
              </p>
            )}
            {r.review && (
              <p className="small history-review">
                <span className="muted">{t('history.reviewedBy', { name: r.review.by.name })}</span>
                {r.review.note && <q className="review-note-quote">{r.review.note}</q>}
              </p>
            )}
            {canModerate &&
              (confirming?.kind === 'restore' && confirming.revision.id === r.id ? (
                <ConfirmAction
                  question={t('history.restoreConfirm', { number: r.number })}
                  confirmLabel={t('history.restoreDo')}
                  confirmTestId="confirm-restore"
                  busy={busy}
                  onConfirm={(note) => act({ kind: 'restore', revision: r }, note)}
                  onCancel={() => cancel(`restore:${r.id}`)}
                />
              ) : (
                <button
                  ref={opener.ref(`restore:${r.id}`)}
                  type="button"
                  className="link-button small"
                  data-testid="restore-revision"
                  disabled={busy}
                  onClick={() => setConfirming({ kind: 'restore', revision: r })}
                >
                  {t('history.restore')}
                </button>
              ))}
          </li>
        ))}
      </ol>
    </details>
  );
}
