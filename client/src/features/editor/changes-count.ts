import { diffDocuments, type PmNode } from '@knowledge-hub/shared';

/** How many blocks differ between two documents (added + removed + changed), as the moderator's diff counts them. */
export function countChanges(published: PmNode, current: PmNode): number {
  const diff = diffDocuments(published, current);
  return diff.added + diff.removed + diff.changed;
}
