import { useI18n } from '../../i18n/i18n-context';
import type { ConnectionStatus as Status } from './collab-session';

/** The save indicator: data-status is the machine-readable state, the text is translated. */
export function ConnectionStatus({ status, readOnly }: { status: Status; readOnly: boolean }) {
  const { t } = useI18n();
  const text = status === 'live' && readOnly ? t('editor.connection.liveReadOnly') : t(`editor.connection.${status}`);
  return (
    <span className={`connection-status status-${status}`} data-testid="connection-status" data-status={status} role="status" aria-live="polite">
      <span className="status-light" aria-hidden="true" />
      {/* As wide as the usual labels' widest (drawn invisibly from data-reserve-*: see editor.css). */}
      <span className="status-label" data-reserve-a={t('editor.connection.live')} data-reserve-b={t('editor.connection.connecting')}>
        <span>{text}</span>
      </span>
    </span>
  );
}
