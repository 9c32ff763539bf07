import type { Actor } from './actor';
import { DomainError } from './domain-error';

/**
 * The one pattern for authorisation. A policy (a pure function in a module's
 * `*.policy.ts`, specified by the table in its spec) answers with a Verdict;
 * a service turns the verdict into the error the caller sees with `enforce`,
 * here and nowhere else, so that the same refusal has the same code on every
 * route and socket. Anonymous callers are told to sign in (401), signed-in
 * callers that they may not (403), and moderation's refusals have their own
 * codes.
 */
export type Verdict = 'allowed' | 'unauthenticated' | 'forbidden' | 'already_reviewed' | 'self_review' | 'revision_rejected' | 'superseded';

/** The verdict of a yes/no policy: a refusal of an anonymous caller asks them to sign in. */
export function verdictOf(actor: Actor | null, allowed: boolean): Verdict {
  if (allowed) return 'allowed';
  return actor ? 'forbidden' : 'unauthenticated';
}

/** Throws the error for a refusal (nothing when allowed). `what` completes "Sign in to …" / "You may not …". */
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

/**
 * `enforce` for the routes that need a signed-in caller: after it, TypeScript
 * knows the actor is there.
 */
export function authorize(actor: Actor | null, allowed: boolean, what: string): asserts actor is Actor {
  enforce(actor ? verdictOf(actor, allowed) : 'unauthenticated', what);
}
