import type { Actor } from '../../common/actor';
import { verdictOf, type Verdict } from '../../common/policy';
import { canOnGroup } from '../groups/groups.policy';

/**
 * Who may do what with an entry's translations. Pure; the table is in
 * translations.policy.spec.ts.
 *
 * - create: whoever may create entries in the source's group (a translation
 *   is a new entry of that group);
 * - read: whoever may read the entry (the pair and its sync state);
 * - sync: whoever may write the translation (the submission that claims a
 *   sync point goes through moderation's submit rule besides).
 */
export type TranslationAction = 'create' | 'read' | 'sync';

export function canOnTranslations(actor: Actor | null, action: TranslationAction, entry: { groupId: string }): Verdict {
  switch (action) {
    case 'create':
      return verdictOf(actor, canOnGroup(actor, 'create_entry', entry.groupId));
    case 'read':
      return verdictOf(actor, canOnGroup(actor, 'read_entries', entry.groupId));
    case 'sync':
      return verdictOf(actor, canOnGroup(actor, 'write_entries', entry.groupId));
  }
}

/**
 * Whether a translation is behind its source: the source has a published
 * revision newer than the one the translation was last synced to.
 */
export function isOutdated(sourcePublishedNumber: number | null, syncedNumber: number | null): boolean {
  return sourcePublishedNumber !== null && sourcePublishedNumber > (syncedNumber ?? 0);
}
