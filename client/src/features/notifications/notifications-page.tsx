import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { NotificationDto } from '@knowledge-hub/shared';
import { errorText } from '../../i18n/error-text';
import { useI18n } from '../../i18n/i18n-context';
import { ErrorMessage } from '../../ui/error-message';
import { listNotifications, markNotificationsRead, notificationKeys } from '../discussion/discussion.api';
import { notificationDetail, notificationTarget, notificationText } from './notification-text';
import { useUnreadNotifications } from './use-notifications';
import './notifications.css';

/** /app/notifications — what happened that concerns me, newest first; opening one marks it read. */
export function NotificationsPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const unread = useUnreadNotifications();
  const pages = useInfiniteQuery({
    queryKey: notificationKeys.list(),
    queryFn: ({ pageParam, signal }) => listNotifications({ before: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });
  const mark = useMutation({
    mutationFn: markNotificationsRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="notifications-page">
      <header className="page-header">
        <h1>{t('notifications.title')}</h1>
        <p className="small">
          <button
            type="button"
            className="button small"
            data-testid="notifications-mark-all"
            disabled={unread === 0 || mark.isPending}
            onClick={() => mark.mutate({ all: true })}
          >
            {t('notifications.markAll')}
          </button>
        </p>
      </header>
      {(pages.error || mark.error) && <ErrorMessage>{errorText(t, pages.error ?? mark.error)}</ErrorMessage>}
      {pages.data && items.length === 0 && <p className="muted">{t('notifications.none')}</p>}
      <ul className="plain-list notification-list" data-testid="notification-list">
        {items.map((n) => (
          <NotificationItem key={n.id} n={n} onOpen={() => !n.readAt && mark.mutate({ ids: [n.id] })} />
        ))}
      </ul>
      {pages.hasNextPage && (
        <button type="button" className="button small" disabled={pages.isFetchingNextPage} onClick={() => pages.fetchNextPage()}>
          {t('notifications.more')}
        </button>
      )}
    </section>
  );
}

function NotificationItem({ n, onOpen }: { n: NotificationDto; onOpen: () => void }) {
  const { t, formatDate } = useI18n();
  const target = notificationTarget(n);
  const text = notificationText(t, n);
  const detail = notificationDetail(n);
  return (
    <li className={`notification${n.readAt ? '' : ' unread'}`} data-testid="notification" data-kind={n.kind} data-read={n.readAt ? 'true' : 'false'}>
      <p className="notification-line">
        {target ? (
          <Link to={target} onClick={onOpen} data-testid="notification-link">
            {text}
          </Link>
        ) : (
          text
        )}
      </p>
      {detail && (
        <blockquote className="notification-detail small" data-testid="notification-detail">
          {detail}
        </blockquote>
      )}
      <p className="muted small">
        <time dateTime={n.createdAt}>{formatDate(n.createdAt)}</time>
        {!n.readAt && (
          <>
            {' · '}
            <button type="button" className="link-button" data-testid="notification-mark-read" onClick={onOpen}>
              {t('notifications.markRead')}
            </button>
          </>
        )}
      </p>
    </li>
  );
}
