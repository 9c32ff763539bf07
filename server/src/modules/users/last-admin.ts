/** Someone's admin standing: an admin counts only while enabled. */
export interface AdminStanding {
  isAdmin: boolean;
  disabled: boolean;
}

/**
 * Whether changing `before` by `change` would leave the platform without an
 * enabled admin, given how many *other* enabled admins there are. Disabling or
 * demoting the last one is refused (409 last_admin): nobody could undo it
 * from the workspace.
 */
export function leavesNoAdmin(before: AdminStanding, change: Partial<AdminStanding>, otherEnabledAdmins: number): boolean {
  const wasActive = before.isAdmin && !before.disabled;
  const staysActive = (change.isAdmin ?? before.isAdmin) && !(change.disabled ?? before.disabled);
  return wasActive && !staysActive && otherEnabledAdmins === 0;
}
