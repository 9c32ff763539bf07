import type { CreateInvitationBody, GroupRole } from '@knowledge-hub/shared';

/** The admin console's "New invitation" form, as typed. */
export interface InvitationForm {
  email: string;
  /** The groups ticked, by slug, each with the role it grants. */
  groups: Record<string, GroupRole | undefined>;
  expiresInHours: number;
  maxUses: number;
}

export type InvitationFormResult = { ok: true; body: CreateInvitationBody } | { ok: false; problem: 'no_groups' };

/**
 * The request body for the form: a blank email invites anyone holding the
 * link (the field is left out), groups follow `order` (the order they are
 * listed in). The server validates the rest.
 */
export function invitationBody(form: InvitationForm, order: readonly string[]): InvitationFormResult {
  const groups = order.flatMap((slug) => {
    const role = form.groups[slug];
    return role ? [{ slug, role }] : [];
  });
  if (groups.length === 0) return { ok: false, problem: 'no_groups' };
  const email = form.email.trim();
  return {
    ok: true,
    body: { ...(email ? { email } : {}), groups, expiresInHours: form.expiresInHours, maxUses: form.maxUses },
  };
}
