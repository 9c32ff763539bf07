import type { ErrorCode } from '@knowledge-hub/shared';
import type { Actor } from './actor';
import { DomainError } from './domain-error';
import { authorize, enforce, verdictOf, type Verdict } from './policy';

const someone: Actor = { id: 'u1', email: 'u@x', name: 'U', isAdmin: false, memberships: new Map() };

function refusal(run: () => void): { code: ErrorCode; message: string } | null {
  try {
    run();
    return null;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { code: err.code, message: err.message };
  }
}

describe('the authorisation pattern', () => {
  it('a yes/no policy: allowed, or sign in (anonymous), or forbidden (signed in)', () => {
    expect(verdictOf(someone, true)).toBe('allowed');
    expect(verdictOf(null, true)).toBe('allowed');
    expect(verdictOf(someone, false)).toBe('forbidden');
    expect(verdictOf(null, false)).toBe('unauthenticated');
  });

  it.each<[Verdict, ErrorCode | null]>([
    ['allowed', null],
    ['unauthenticated', 'unauthenticated'],
    ['forbidden', 'forbidden'],
    ['already_reviewed', 'revision_already_reviewed'],
    ['self_review', 'self_review'],
    ['superseded', 'revision_superseded'],
    ['revision_rejected', 'revision_rejected'],
  ])('enforce(%s) answers %s', (verdict, code) => {
    expect(refusal(() => enforce(verdict, 'do this'))?.code ?? null).toBe(code);
  });

  it('says what was refused', () => {
    expect(refusal(() => enforce('unauthenticated', 'see revisions'))?.message).toBe('Sign in to see revisions');
    expect(refusal(() => enforce('forbidden', 'manage group members'))?.message).toBe('You may not manage group members');
  });

  it('authorize refuses anonymous callers even where the policy would allow anyone', () => {
    expect(refusal(() => authorize(null, true, 'do this'))?.code).toBe('unauthenticated');
    expect(refusal(() => authorize(someone, false, 'do this'))?.code).toBe('forbidden');
    expect(refusal(() => authorize(someone, true, 'do this'))).toBeNull();
  });
});
