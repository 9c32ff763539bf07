import { NavLink } from 'react-router';
import { useI18n } from '../../i18n/i18n-context';
import { useUnreadNotifications } from './use-notifications';
import './notifications.css';

/** The header's link to /notifications, with the number of unread notifications (live). */
export function NotificationBell() {
  const { t } = useI18n();
  const unread = useUnreadNotifications();
  const label = unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.title');
  return (
    <NavLink to="/notifications" className="nav-link notification-bell" data-testid="notification-bell" aria-label={label} title={label}>
      <span aria-hidden="true">🔔</span>
      {unread > 0 && (
        <span className="notification-count" data-testid="notification-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </NavLink>
  );
}
