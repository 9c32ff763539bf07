import type { WebsocketProvider } from 'y-websocket';
import { useI18n } from '../../i18n/i18n-context';
import { ColorDot } from '../../ui/color-dot';
import { useAwarenessUsers } from './use-awareness-users';
import './presence.css';

/** Everyone who has the entry open right now, with the colour of their caret. */
export function PresenceList({ awareness }: { awareness: WebsocketProvider['awareness'] }) {
  const { t } = useI18n();
  const users = useAwarenessUsers(awareness);

  return (
    <section className="panel" aria-labelledby="presence-heading">
      <h2 id="presence-heading" className="panel-title">
        {t('editor.presence', { count: users.length })}
      </h2>
      <ul className="people" data-testid="presence-list" data-count={users.length}>
        {users.map((user) => (
          <li key={user.key} className="person" data-testid="presence-item" data-self={user.isSelf ? 'true' : undefined}>
            <ColorDot color={user.color} />
            <span className="person-name">
              {user.name}
              {user.isSelf && <span className="muted"> ({t('editor.you')})</span>}
              {user.connections > 1 && <span className="muted"> ×{user.connections}</span>}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
