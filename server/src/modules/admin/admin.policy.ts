import type { Actor } from '../../common/actor';
import { type Verdict, verdictOf } from '../../common/policy';

/** What the admin console does to other people's accounts. */
export type AdminAction = 'list_users' | 'update_user' | 'create_reset_link';

/**
 * Only admins run the console: every action is theirs alone (moderators manage
 * their groups' members elsewhere). Whether a change would leave no enabled
 * admin is decided with the data, in users/last-admin.ts.
 */
export function adminVerdict(actor: Actor | null, _action: AdminAction): Verdict {
  return verdictOf(actor, actor?.isAdmin === true);
}
