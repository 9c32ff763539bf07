/**
 * The keys of cached server state (TanStack Query). Nested, so one prefix
 * invalidates a whole family: `entry(id)` also covers that entry's revisions,
 * audit log and published document.
 */
export const queryKeys = {
  groups: () => ['groups'] as const,
  group: (slug: string) => ['group', slug] as const,
  groupEntries: (slug: string) => ['group', slug, 'entries'] as const,
  entry: (entryId: string) => ['entry', entryId] as const,
  entryRevisions: (entryId: string) => ['entry', entryId, 'revisions'] as const,
  entryAudit: (entryId: string) => ['entry', entryId, 'audit'] as const,
  entryPublished: (entryId: string, revisionId: string) => ['entry', entryId, 'published', revisionId] as const,
  /** The published revision asked for before the entry is known (the editor's prefetch): whichever it is, or null. */
  entryPublishedIfAny: (entryId: string) => ['entry', entryId, 'published-if-any'] as const,
  invitation: (token: string) => ['invitation', token] as const,
  authProviders: () => ['auth', 'providers'] as const,
  reviewQueue: () => ['review-queue'] as const,
  revision: (revisionId: string) => ['revision', revisionId] as const,
  groupJoinRequests: (slug: string) => ['group', slug, 'join-requests'] as const,
  myJoinRequests: () => ['me', 'join-requests'] as const,
  account: () => ['me', 'account'] as const,
  accountTokens: () => ['me', 'tokens'] as const,
  adminUsers: (query: string, page: number) => ['admin', 'users', query, page] as const,
  audit: (kind: string) => ['admin', 'audit', kind] as const,
  myInvitations: () => ['me', 'invitations'] as const,
};
