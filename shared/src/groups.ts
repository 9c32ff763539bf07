import { z } from 'zod';
import { MAX_SLUG_CHARS } from './limits.js';

/** Request bodies of the group administration routes (issue 10, part 5). */

/** Longest name or description of a group, in either language. */
export const MAX_GROUP_NAME_CHARS = 120;
export const MAX_GROUP_DESCRIPTION_CHARS = 2_000;

const name = z.string().trim().min(1).max(MAX_GROUP_NAME_CHARS);
const description = z.string().trim().max(MAX_GROUP_DESCRIPTION_CHARS);

/** POST /api/groups (admins): the slug is the group's address, fixed once created. */
export const createGroupBody = z.strictObject({
  slug: z
    .string()
    .max(MAX_SLUG_CHARS)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Lowercase ASCII letters, digits and single dashes between them'),
  name,
  nameZh: name,
  description: description.default(''),
  descriptionZh: description.default(''),
});
export type CreateGroupBody = z.infer<typeof createGroupBody>;

/** PATCH /api/groups/:slug (admins): what is present changes; `archived` archives or restores the group. */
export const updateGroupBody = z
  .strictObject({
    name: name.optional(),
    nameZh: name.optional(),
    description: description.optional(),
    descriptionZh: description.optional(),
    archived: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Nothing to change');
export type UpdateGroupBody = z.infer<typeof updateGroupBody>;

/** PATCH /api/groups/:slug/members/:userId (moderators of the group for contributors, admins). */
export const changeMemberRoleBody = z.strictObject({
  role: z.enum(['contributor', 'moderator']),
});
export type ChangeMemberRoleBody = z.infer<typeof changeMemberRoleBody>;

/** GET /api/groups/:slug/members: the group's members with what a moderator needs to manage them. */
export interface GroupMemberDto {
  userId: string;
  name: string;
  email: string;
  role: 'contributor' | 'moderator';
}
