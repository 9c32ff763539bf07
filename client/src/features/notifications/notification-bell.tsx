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
      {/* A drawn bell, not the emoji: the same on every system, and no emoji font to find and load before the header's first layout. */}
      <svg className="bell-icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="18" height="18">
        <path
          d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0Z"
          fill="currentColor"
        />
      </svg>
      {unread > 0 && (
        <span className="notification-count" data-testid="notification-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </NavLink>
  );
}
