import type { GroupRole } from '@knowledge-hub/shared';

/** Who is making a request: the signed-in user with their roles, resolved once per request. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  /** group id → role */
  memberships: ReadonlyMap<string, GroupRole>;
}
