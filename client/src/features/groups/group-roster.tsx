import { Link } from 'react-router';
import type { EntryDto, PresenceMember } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import { paths } from '../../routing/paths';
import { ColorDot } from '../../ui/color-dot';
import '../presence/presence.css';

interface GroupRosterProps {
  members: PresenceMember[] | null;
  unavailable: boolean;
  /** The group's entries, to name what each person is editing. */
  entries: EntryDto[];
  selfId: string;
}

/** Who is online in the group, and which entry each of them is editing. */
export function GroupRoster({ members, unavailable, entries, selfId }: GroupRosterProps) {
  const { t } = useI18n();
  const titles = new Map(entries.map((e) => [e.id, e.title]));
  const list = members ?? [];

  return (
    <section className="panel" aria-labelledby="online-heading">
      <h2 id="online-heading" className="panel-title">
        {t('group.online')} ({list.length})
      </h2>
      {unavailable && <p className="muted small">{t('group.realtimeUnavailable')}</p>}
      <ul className="people" data-testid="group-online" data-count={list.length}>
        {list.map((m) => {
          const title = m.entryId ? titles.get(m.entryId) : undefined;
          return (
            <li key={`${m.userId}:${m.entryId ?? ''}`} className="person" data-testid="online-item" data-user-id={m.userId}>
              <ColorDot color={m.color} />
              <span className="person-name">
                {m.name}
                {m.userId === selfId && <span className="muted"> ({t('editor.you')})</span>}
              </span>
              <span className="person-activity muted small">
                {m.entryId === null ? (
                  t('group.viewing')
                ) : title !== undefined ? (
                  <Link to={paths.editor(m.entryId)}>{t('group.editing', { title: title || t('entries.untitled') })}</Link>
                ) : (
                  t('group.editingUnknown')
                )}
              </span>
            </li>
          );
        })}
      </ul>
      {!unavailable && members !== null && list.every((m) => m.userId === selfId) && <p className="muted small">{t('group.nobodyOnline')}</p>}
    </section>
  );
}
