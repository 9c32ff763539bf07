import { Link } from 'react-router';
import type { GroupDto, GroupRole } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import { paths } from '../../routing/paths';
import { localizedGroup } from './localized-group';

export function GroupCard({ group, myRole }: { group: GroupDto; myRole: GroupRole | null }) {
  const { t, lang } = useI18n();
  const { name, description } = localizedGroup(group, lang);
  return (
    <li className={`card${myRole ? ' card-mine' : ''}`}>
      <h3 className="card-title">
        <Link to={paths.group(group.slug)} data-testid={`group-link-${group.slug}`}>
          {name}
        </Link>
      </h3>
      {description && <p className="card-text">{description}</p>}
      <p className="card-meta">
        <span>{group.entryCount === 1 ? t('groups.entryCountOne') : t('groups.entryCount', { count: group.entryCount })}</span>
        {myRole && <span className="badge badge-role">{t(`role.${myRole}`)}</span>}
      </p>
    </li>
  );
}
