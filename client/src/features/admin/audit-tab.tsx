import { useInfiniteQuery } from '@tanstack/react-query';
import { AUDIT_KINDS, type AuditKind, type AuditLogItemDto } from '@knowledge-hub/shared';
import { Link, useSearchParams } from 'react-router';
import { listAudit } from '../../api/admin.api';
import { queryKeys } from '../../api/query-keys';
import { en, type MessageKey } from '../../i18n/en';
import { errorText } from '../../i18n/error-text';
import { useI18n } from '../../i18n/i18n-context';
import { ErrorMessage } from '../../ui/error-message';
import { paths } from '../../routing/paths';

/** The kind in ?kind= (anything else: every kind). */
export function kindOf(value: string | null): AuditKind | undefined {
  return AUDIT_KINDS.find((k) => k === value);
}

const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);

/** The label of an action: its own text when there is one, else the action's name made readable. */
export function actionLabel(t: (key: MessageKey) => string, action: string): string {
  const key = `audit.action.${action}`;
  return isMessageKey(key) ? t(key) : action.replaceAll('_', ' ');
}

/**
 * The hub's audit log (GET /api/audit): people and review events, newest
 * first, filtered by kind; older pages on demand.
 */
export function AuditTab() {
  const { t, formatDate } = useI18n();
  const [search, setSearch] = useSearchParams();
  const kind = kindOf(search.get('kind'));
  const log = useInfiniteQuery({
    queryKey: queryKeys.audit(kind ?? 'all'),
    queryFn: ({ pageParam, signal }) => listAudit({ kind, before: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div data-testid="admin-audit">
      <label className="audit-filter">
        {t('audit.kind')}{' '}
        <select
          data-testid="audit-kind"
          value={kind ?? ''}
          onChange={(e) => {
            const next = new URLSearchParams(search);
            if (e.target.value) next.set('kind', e.target.value);
            else next.delete('kind');
            setSearch(next);
          }}
        >
          <option value="">{t('audit.kind.all')}</option>
          {AUDIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`audit.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {log.error ? <ErrorMessage>{errorText(t, log.error)}</ErrorMessage> : null}
      {log.isPending ? <p className="muted">{t('common.loading')}</p> : null}
      {!log.isPending && items.length === 0 && !log.error ? <p className="muted">{t('audit.none')}</p> : null}
      {items.length > 0 ? (
        <table className="admin-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('audit.when')}</th>
              <th>{t('audit.who')}</th>
              <th>{t('audit.what')}</th>
              <th>{t('audit.about')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <AuditRow key={item.id} item={item} label={actionLabel(t, item.action)} when={formatDate(item.createdAt)} />
            ))}
          </tbody>
        </table>
      ) : null}
      {log.hasNextPage ? (
        <button type="button" className="button" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()} data-testid="audit-older">
          {t('audit.older')}
        </button>
      ) : null}
    </div>
  );
}

function AuditRow({ item, label, when }: { item: AuditLogItemDto; label: string; when: string }) {
  const { t } = useI18n();
  return (
    <tr data-testid="audit-row" data-kind={item.kind}>
      <td className="small">{when}</td>
      <td>{item.actor?.name ?? <span className="muted">{t('audit.system')}</span>}</td>
      <td>
        {label}
        {item.override ? <span className="badge warning"> {t('audit.overrideBadge')}</span> : null}
        {item.note ? <div className="muted small">{item.note}</div> : null}
      </td>
      <td>
        {item.subject ? item.subject.name : null}
        {item.entry ? <Link to={paths.editor(item.entry.id)}>{item.entry.title || item.entry.id}</Link> : null}
        {!item.subject && !item.entry && typeof item.details.slug === 'string' ? item.details.slug : null}
      </td>
    </tr>
  );
}
