import type { Actor } from './actor';
import { DomainError } from './domain-error';

/**
 * Turns a policy answer into the right error: anonymous callers get 401
 * (sign in and try again), signed-in callers 403 (this account may not).
 */
export function authorize(actor: Actor | null, allowed: boolean, what: string): asserts actor is Actor {
  if (!actor) throw new DomainError('unauthenticated', `Sign in to ${what}`);
  if (!allowed) throw new DomainError('forbidden', `You may not ${what}`);
}
