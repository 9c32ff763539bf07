import { z } from 'zod';
import { MAX_EMAIL_CHARS, MAX_PASSWORD_CHARS, MAX_TITLE_CHARS, MIN_PASSWORD_CHARS } from './limits.js';
import { ENTRY_KINDS } from './types.js';

/** Request bodies of the REST API. The server validates every body with these. */

export const loginBody = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(MAX_EMAIL_CHARS),
  password: z.string().min(1).max(MAX_PASSWORD_CHARS),
});
export type LoginBody = z.infer<typeof loginBody>;

export const createEntryBody = z.strictObject({
  title: z
    .string()
    .trim()
    .min(1)
    .max(MAX_TITLE_CHARS)
    .refine((title) => !/[\u0000-\u001f\u007f]/.test(title), 'A title cannot contain control characters'),
  kind: z.enum(ENTRY_KINDS as [string, ...string[]]).default('article'),
});
export type CreateEntryBody = z.input<typeof createEntryBody>;

export const membershipBody = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(MAX_EMAIL_CHARS),
  role: z.enum(['contributor', 'moderator']),
});
export type MembershipBody = z.infer<typeof membershipBody>;

export const removeMembershipBody = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(MAX_EMAIL_CHARS),
});

export const passwordSchema = z.string().min(MIN_PASSWORD_CHARS).max(MAX_PASSWORD_CHARS);
