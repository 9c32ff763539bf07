import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { getGroup } from '../../api/groups.api';
import { queryKeys } from '../../api/query-keys';
import { useI18n } from '../../i18n/i18n-context';
import { paths } from '../../routing/paths';
import { localizedGroup } from '../groups/localized-group';

/**
 * The notice of someone who may read an entry but not edit it (not a member
 * of its group): they cannot type, so it says what they can do — read, or
 * ask to join the group (the group page has "Ask to join").
 */
export function NotAMemberNotice({ groupSlug }: { groupSlug: string }) {
  const { lang } = useI18n();
  const group = useQuery({ queryKey: queryKeys.group(groupSlug), queryFn: ({ signal }) => getGroup(groupSlug, signal) });
  return <NotAMemberText groupSlug={groupSlug} groupName={group.data ? localizedGroup(group.data, lang).name : groupSlug} />;
}

export function NotAMemberText({ groupSlug, groupName }: { groupSlug: string; groupName: string }) {
  const { t } = useI18n();
  return (
    <p className="notice" data-testid="read-only-notice" data-reason="not_a_member">
      {t('editor.readOnly')}{' '}
      <Link to={paths.group(groupSlug)} data-testid="ask-to-join-link">
        {t('editor.askToJoin', { group: groupName })}
      </Link>
    </p>
  );
}

/** The notice of an archived entry: nobody edits it until a moderator restores it (the server connects everyone read-only). */
export function ArchivedNotice() {
  const { t } = useI18n();
  return (
    <p className="notice" data-testid="read-only-notice" data-reason="archived">
      {t('archive.notice')} {t('archive.noticeRestore')}
    </p>
  );
}
