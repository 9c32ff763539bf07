import { useQuery } from '@tanstack/react-query';
import type { RevisionSummaryDto } from '@knowledge-hub/shared';
import { listAudit } from '../../api/moderation.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { LoadError } from '../../ui/load-error';

interface AuditLogProps {
  entryId: string;
  /** To name the revision an event refers to (events carry its id only). */
  revisions: RevisionSummaryDto[];
}

/** Every moderation action on the entry, newest first (moderators of its group and admins). */
export function AuditLog({ entryId, revisions }: AuditLogProps) {
  const { t, formatDate } = useI18n();
  const events = useQuery({ queryKey: queryKeys.entryAudit(entryId), queryFn: ({ signal }) => listAudit(entryId, signal) });
  const numbers = new Map(revisions.map((r) => [r.id, r.number]));

  return (
    <details className="panel collapsible" data-testid="audit-log" data-count={events.data?.length ?? 0} open>
      <summary className="panel-title">{t('audit.title')}</summary>
      {events.error !== null && !events.data && <LoadError error={events.error} onRetry={events.refetch} />}
      {events.isLoading && <p className="muted small">{t('common.loading')}</p>}
      {events.data?.length === 0 && <p className="muted small">{t('audit.empty')}</p>}
      <ol className="audit-list">
        {events.data?.map((e) => {
          const number = e.revisionId ? numbers.get(e.revisionId) : undefined;
          return (
            <li key={e.id} className="audit-item small" data-testid="audit-item" data-action={e.action} data-override={e.override ? 'true' : undefined}>
              <time className="muted" dateTime={e.createdAt}>
                {formatDate(e.createdAt)}
              </time>
              <span>
                <strong>{e.actor.name}</strong> {t(`audit.${e.action}`)}
                {number !== undefined && ` · ${t('review.revisionNumber', { number })}`}
                {e.override && <span className="badge override-badge">{t('audit.override')}</span>}
              </span>
              {e.note && <q className="review-note-quote">{e.note}</q>}
            </li>
          );
        })}
      </ol>
    </details>
  );
}
