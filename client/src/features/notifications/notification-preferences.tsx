import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NOTIFICATION_EMAIL_MODES, type NotificationEmailMode } from '@knowledge-hub/shared';
import { errorText } from '../../i18n/error-text';
import { useI18n } from '../../i18n/i18n-context';
import { ErrorMessage } from '../../ui/error-message';
import { getNotificationPreferences, notificationKeys, setNotificationPreferences } from '../discussion/discussion.api';

/** The account page's section: notifications by e-mail immediately, in a daily digest, or never. */
export function NotificationPreferences() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const prefs = useQuery({ queryKey: notificationKeys.preferences(), queryFn: ({ signal }) => getNotificationPreferences(signal) });
  const save = useMutation({
    mutationFn: (email: NotificationEmailMode) => setNotificationPreferences({ email }),
    onSuccess: (data) => queryClient.setQueryData(notificationKeys.preferences(), data),
  });
  const current = save.isPending ? save.variables : prefs.data?.email;
  return (
    <section className="panel" aria-labelledby="notification-prefs-heading" data-testid="notification-preferences">
      <h2 id="notification-prefs-heading" className="panel-title">
        {t('notifications.prefsTitle')}
      </h2>
      <fieldset className="plain-fieldset">
        <legend className="small">{t('notifications.prefsLegend')}</legend>
        {NOTIFICATION_EMAIL_MODES.map((mode) => (
          <label key={mode} className="checkbox small">
            <input
              type="radio"
              name="notification-email"
              value={mode}
              data-testid={`notification-email-${mode}`}
              checked={current === mode}
              disabled={!prefs.data || save.isPending}
              onChange={() => save.mutate(mode)}
            />
            {t(`notifications.email.${mode}`)}
          </label>
        ))}
      </fieldset>
      <p className="muted small">{t('notifications.prefsHint')}</p>
      {(prefs.error || save.error) && <ErrorMessage>{errorText(t, prefs.error ?? save.error)}</ErrorMessage>}
    </section>
  );
}
