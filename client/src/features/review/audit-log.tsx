import type { RevisionSummaryDto } from '@knowledge-hub/shared';
import { listAudit } from '../../api/moderation.api';
import { useReloadOnChange, useResource } from '../../api/use-resource';
import { useI18n } from '../../i18n/i18n-context';
import { errorText } from '../../i18n/error-text';
import { ErrorMessage } from '../../ui/error-message';

interface AuditLogProps {
  entryId: string;
  /** To name the revision an event refers to (events carry its id only). */
  revisions: RevisionSummaryDto[];
  /** Changes whenever the log may have grown (see useLiveEntry). */
  version: string;
}

/** Every moderation action on the entry, newest first (moderators of its group and admins). */
export function AuditLog({ entryId, revisions, version }: AuditLogProps) {
  const { t, formatDate } = useI18n();
  const events = useResource(`audit:${entryId}`, (signal) => listAudit(entryId, signal));
  useReloadOnChange(version, events.reload);
  const numbers = new Map(revisions.map((r) => [r.id, r.number]));

  return (
    <details className="panel collapsible" data-testid="audit-log" data-count={events.data?.length ?? 0} open>
      <summary className="panel-title">{t('audit.title')}</summary>
      {events.error !== null && !events.data && (
        <ErrorMessage action={{ label: t('common.retry'), onClick: events.reload }}>{errorText(t, events.error)}</ErrorMessage>
      )}
      {!events.data && events.loading && <p className="muted small">{t('common.loading')}</p>}
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
