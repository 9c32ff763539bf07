import { DomainError } from '../../common/domain-error';
import type { Verdict } from './moderation.policy';

/** Turns a policy verdict into the error the caller sees (or nothing when allowed). */
export function enforce(verdict: Verdict, what: string): void {
  switch (verdict) {
    case 'allowed':
      return;
    case 'unauthenticated':
      throw new DomainError('unauthenticated', `Sign in to ${what}`);
    case 'forbidden':
      throw new DomainError('forbidden', `You may not ${what}`);
    case 'already_reviewed':
      throw new DomainError('revision_already_reviewed', 'This revision has already been reviewed');
    case 'self_review':
      throw new DomainError('self_review', 'You contributed to this revision: another moderator must approve it');
    case 'superseded':
      throw new DomainError('revision_superseded', 'A newer revision of this entry is already published');
    case 'revision_rejected':
      throw new DomainError('revision_rejected', 'This revision was rejected: only an admin may restore it, with an explicit override');
  }
}
