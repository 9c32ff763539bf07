import { z } from 'zod';
import { MAX_EMAIL_CHARS } from './limits.js';
import { passwordSchema } from './schemas.js';
import type { UserDto } from './types.js';

/** People: invitations (issue 10). Request bodies and answers of /api/invitations. */

export const INVITATION_DEFAULT_EXPIRES_IN_HOURS = 168;
export const INVITATION_MAX_EXPIRES_IN_HOURS = 720;
export const INVITATION_MAX_USES = 500;
export const MAX_INVITATION_GROUPS = 50;
export const MAX_PERSON_NAME_CHARS = 200;

const email = z.string().trim().toLowerCase().email().max(MAX_EMAIL_CHARS);

export const invitationGroupSchema = z.strictObject({
  slug: z.string().min(1).max(200),
  role: z.enum(['contributor', 'moderator']),
});

export const createInvitationBody = z.strictObject({
  email: email.optional(),
  groups: z
    .array(invitationGroupSchema)
    .min(1)
    .max(MAX_INVITATION_GROUPS)
    .refine((groups) => new Set(groups.map((g) => g.slug)).size === groups.length, 'Each group may appear once'),
  expiresInHours: z.number().int().min(1).max(INVITATION_MAX_EXPIRES_IN_HOURS).default(INVITATION_DEFAULT_EXPIRES_IN_HOURS),
  maxUses: z.number().int().min(1).max(INVITATION_MAX_USES).default(1),
});
export type CreateInvitationBody = z.infer<typeof createInvitationBody>;

export const acceptInvitationBody = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .max(MAX_PERSON_NAME_CHARS)
    .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'A name cannot contain control characters'),
  email,
  password: passwordSchema,
});
export type AcceptInvitationBody = z.infer<typeof acceptInvitationBody>;

export interface InvitationCreatedDto {
  id: string;
  /** `/app/join/<token>` on the site's origin: the token is shown this once, only its SHA-256 is stored. */
  url: string;
  expiresAt: string;
  maxUses: number;
  /** The link was mailed to the invitation's `email` and the SMTP server accepted it (false: no email, no SMTP_URL, or sending failed). */
  emailed: boolean;
}

export interface InvitationDto {
  id: string;
  email: string | null;
  groups: { slug: string; role: 'contributor' | 'moderator' }[];
  expiresAt: string;
  maxUses: number;
  uses: number;
  usesLeft: number;
  createdAt: string;
}

/** What the public lookup of a token tells the person who opened the link. */
export interface InvitationPreviewDto {
  groups: { slug: string; name: string; nameZh: string; role: 'contributor' | 'moderator' }[];
  invitedBy: string;
  expiresAt: string;
}

export interface AcceptInvitationResponse {
  /** The new session's token (also set as the cookie); null when a signed-in user accepted into their own account. */
  token: string | null;
  user: UserDto;
}
