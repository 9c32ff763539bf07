import { z } from 'zod';
import { MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS } from './limits.js';
import type { UserDto } from './types.js';

/** Account lifecycle and personal API tokens (issue 10): bodies the server validates, answers it sends. */

export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

/** Longest display name a user may give themselves. */
export const MAX_USER_NAME_CHARS = 120;
/** Longest label of a personal API token. */
export const MAX_TOKEN_NAME_CHARS = 100;
/** A personal API token lives at most this many days. */
export const MAX_TOKEN_DAYS = 365;
/** How long an admin's password-reset link works. */
export const RESET_LINK_TTL_MS = 24 * 60 * 60 * 1000;
/** Users per page of the admin console's list. */
export const ADMIN_USERS_PAGE_SIZE = 50;

const displayName = z
  .string()
  .trim()
  .min(1)
  .max(MAX_USER_NAME_CHARS)
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'A name cannot contain control characters');
const newPassword = z.string().min(MIN_PASSWORD_CHARS).max(MAX_PASSWORD_CHARS);

export const updateMeBody = z.strictObject({ name: displayName.optional(), locale: z.enum(LOCALES).optional() });
export type UpdateMeBody = z.infer<typeof updateMeBody>;

export const changePasswordBody = z.strictObject({ current: z.string().min(1).max(MAX_PASSWORD_CHARS), next: newPassword });
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

export const resetPasswordBody = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{10,200}$/), password: newPassword });
export type ResetPasswordBody = z.infer<typeof resetPasswordBody>;

export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const createTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(MAX_TOKEN_NAME_CHARS),
  scope: z.enum(TOKEN_SCOPES),
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS),
});
export type CreateTokenBody = z.infer<typeof createTokenBody>;

export const adminUsersQuery = z.object({
  query: z.string().trim().max(200).default(''),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type AdminUsersQuery = z.infer<typeof adminUsersQuery>;

export const adminUpdateUserBody = z
  .strictObject({ disabled: z.boolean().optional(), isAdmin: z.boolean().optional() })
  .refine((b) => b.disabled !== undefined || b.isAdmin !== undefined, 'Give disabled or isAdmin');
export type AdminUpdateUserBody = z.infer<typeof adminUpdateUserBody>;

/** GET /api/me: what GET /api/auth/me says, plus the user's locale. */
export interface MeDto extends UserDto {
  locale: Locale;
}

/** A personal API token as listed: never its secret. */
export interface PersonalTokenDto {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
}

/** POST /api/me/tokens: the secret is in this answer only. */
export interface CreatedTokenDto {
  id: string;
  token: string;
}

export interface AdminUserDto {
  id: string;
  name: string;
  email: string;
  isAdmin: boolean;
  disabled: boolean;
  lastSeenAt: string | null;
  groups: { slug: string; name: string; role: 'contributor' | 'moderator' }[];
}

export interface AdminUsersPage {
  users: AdminUserDto[];
  page: number;
  pageSize: number;
  total: number;
}

export interface ResetLinkDto {
  url: string;
  expiresAt: string;
  /** The link was mailed to the user and the SMTP server accepted it (false: no SMTP_URL, or sending failed; the url is there to copy either way). */
  emailed: boolean;
}
