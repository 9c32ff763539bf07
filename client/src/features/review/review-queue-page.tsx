import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { QueueItemDto } from '@knowledge-hub/shared';
import { getReviewQueue } from '../../api/moderation.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { formatAge } from '../../i18n/format-age';
import { paths } from '../../routing/paths';
import { ResourceState } from '../../ui/load-error';
import { useRealtimeDown } from '../presence/realtime-context';
import { ChangeSummary } from './change-summary';
import './review.css';
import { datasetPaths } from '../datasets/dataset-paths';
import { reportPaths } from '../reports/report-paths';

/** Ages shown as "5 min" only need to move about this often. */
const AGE_TICK_MS = 30_000;

/**
 * /app/review — the revisions waiting for a moderator of the reader's groups,
 * oldest first (the server's order). Refetched whenever the server says the
 * queue changed, and after every reconnect of the realtime socket (see
 * invalidateForReviewEvent).
 */
export function ReviewQueuePage() {
  const { t } = useI18n();
  const queue = useQuery({ queryKey: queryKeys.reviewQueue(), queryFn: ({ signal }) => getReviewQueue(signal) });
  return (
    <ResourceState data={queue.data} error={queue.error} onRetry={queue.refetch} errorHeader={<h1>{t('review.queueTitle')}</h1>}>
      {(items) => <ReviewQueue items={items} />}
    </ResourceState>
  );
}

function ReviewQueue({ items }: { items: QueueItemDto[] }) {
  const { t } = useI18n();
  const unavailable = useRealtimeDown();
  const now = useNow(AGE_TICK_MS);
  const receivedAt = useReceivedAt(items);

  const elapsedS = Math.max(0, (now - receivedAt) / 1000);
  return (
    <section className="review-queue-page">
      <header className="page-header">
        <h1>{t('review.queueTitle')}</h1>
        <p className="lead">{t('review.queueIntro')}</p>
      </header>
      {unavailable && <p className="muted small">{t('review.liveUnavailable')}</p>}
      <div data-testid="review-queue" data-count={items.length}>
        {items.length === 0 ? (
          <p className="empty-state" data-testid="review-queue-empty">
            {t('review.queueEmpty')}
          </p>
        ) : (
          <QueueTable items={items} elapsedS={elapsedS} />
        )}
      </div>
    </section>
  );
}

export function QueueTable({ items, elapsedS }: { items: QueueItemDto[]; elapsedS: number }) {
  const { t, lang, formatDate } = useI18n();
  return (
    <table className="queue-table">
      <thead>
        <tr>
          <th scope="col">{t('review.colTitle')}</th>
          <th scope="col">{t('review.colGroup')}</th>
          <th scope="col">{t('review.colSubmitter')}</th>
          <th scope="col">{t('review.colAge')}</th>
          <th scope="col">{t('review.colChanges')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.revisionId} data-testid="queue-item" data-kind={item.kind} data-revision-id={item.revisionId} data-entry-id={item.entryId}>
            <td>
              {/* A dataset version is reviewed on its dataset's page (schema and row changes), a report on its page (player, captions), a revision on the review page. */}
              <Link
                to={
                  item.kind === 'dataset_version'
                    ? datasetPaths.dataset(item.entryId)
                    : item.kind === 'report'
                      ? reportPaths.report(item.entryId)
                      : paths.review(item.revisionId)
                }
                className="queue-title"
              >
                {item.title || t('entries.untitled')}
              </Link>
              <span className="muted small">
                {' '}
                ·{' '}
                {item.kind === 'dataset_version'
                  ? t('review.datasetVersion', { number: item.number })
                  : item.kind === 'report'
                    ? t('review.report')
                    : t('review.revisionNumber', { number: item.number })}
              </span>
              {item.changeNote && (
                <span className="muted small queue-change-note" data-testid="queue-change-note">
                  {' '}
                  — <q>{item.changeNote}</q>
                </span>
              )}
            </td>
            <td>{lang === 'zh' ? item.groupNameZh || item.groupName : item.groupName}</td>
            <td>{item.submittedBy.name}</td>
            <td>
              <time dateTime={item.submittedAt} title={formatDate(item.submittedAt)}>
                {formatAge(t, item.ageSeconds + elapsedS)}
              </time>
            </td>
            <td>
              <ChangeSummary {...item.change} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Date.now(), refreshed every `intervalMs`. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * When `data` (a new object per fetch) arrived. Ages are counted from the
 * server's `ageSeconds` plus the time since, so a skewed browser clock never
 * shows a negative or inflated wait.
 */
function useReceivedAt(data: unknown): number {
  const [stamp, setStamp] = useState(() => ({ data, at: Date.now() }));
  if (stamp.data !== data) {
    const next = { data, at: Date.now() };
    setStamp(next);
    return next.at;
  }
  return stamp.at;
}
