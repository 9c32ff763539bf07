import { Link } from 'react-router';
import type { UserDto } from '@knowledge-hub/shared';
import { useI18n } from '../../i18n/i18n-context';
import { paths } from '../../routing/paths';
import { useSession } from '../auth/session-context';
import { isReviewer } from '../auth/roles';

/** Where a revision page leads back to, for the signed-in user. */
export function RevisionBackLink({ entryId }: { entryId: string | null }) {
  const { state } = useSession();
  return <BackLinkFor user={state.status === 'signed-in' ? state.user : null} entryId={entryId} />;
}

/**
 * The review queue for those who have one (moderators and admins); otherwise
 * the entry itself (the queue would only answer "You do not have permission"
 * to a contributor), or the groups page when the entry is not known (the
 * revision could not be loaded).
 */
export function BackLinkFor({ user, entryId }: { user: UserDto | null; entryId: string | null }) {
  const { t } = useI18n();
  if (user && isReviewer(user))
    return (
      <Link to={paths.reviewQueue()} data-testid="revision-back" data-target="queue">
        ← {t('review.backToQueue')}
      </Link>
    );
  if (entryId)
    return (
      <Link to={paths.editor(entryId)} data-testid="revision-back" data-target="entry">
        ← {t('review.backToEntry')}
      </Link>
    );
  return (
    <Link to={paths.groups()} data-testid="revision-back" data-target="groups">
      ← {t('review.backToGroups')}
    </Link>
  );
}
