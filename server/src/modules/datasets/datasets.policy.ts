import type { Actor } from '../../common/actor';
import { type Verdict, verdictOf } from '../../common/policy';
import { roleIn } from '../groups/groups.policy';

/**
 * Who may do what with datasets (pure; datasets.policy.spec.ts is the table).
 * Deciding a version is moderation's (canModerate: moderators of the group
 * and admins, never the uploader unless an admin overrides).
 *
 * - create a dataset, upload a version: the group's members and admins;
 * - read a dataset through the API: anyone signed in; pending and refused
 *   versions only the group's members and admins (the public sees approved
 *   versions only, on /d/<slug> and the public API).
 */
export type DatasetAction = 'create' | 'upload' | 'read' | 'read_unapproved';

export function canOnDataset(actor: Actor | null, action: DatasetAction, groupId: string): Verdict {
  const member = !!actor && (actor.isAdmin || roleIn(actor, groupId) !== null);
  switch (action) {
    case 'create':
    case 'upload':
    case 'read_unapproved':
      return verdictOf(actor, member);
    case 'read':
      return verdictOf(actor, !!actor);
  }
}
