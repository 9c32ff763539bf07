import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { EntryKind, EntryStatus, GroupRole, RevisionStatus } from '@knowledge-hub/shared';

/**
 * All tables of the application. The schema itself is owned by the migrations
 * in ./migrations (synchronize is off everywhere); these classes only map rows.
 */

@Entity('users')
export class UserRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text') name: string;
  /** Null for accounts that sign in through an identity provider only (1764600000010-oidc-sign-in). */
  @Column('text', { name: 'password_hash', nullable: true }) passwordHash: string | null;
  @Column('boolean', { name: 'is_admin', default: false }) isAdmin: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('sessions')
export class SessionRow {
  /** SHA-256 of the bearer token, hex: the token itself is never stored. */
  @PrimaryColumn('text', { name: 'token_hash' }) tokenHash: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
}

@Entity('knowledge_groups')
export class GroupRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') slug: string;
  @Column('text') name: string;
  @Column('text', { name: 'name_zh' }) nameZh: string;
  @Column('text') description: string;
  @Column('text', { name: 'description_zh' }) descriptionZh: string;
  @Column('int') position: number;
  /** Null while the group is active; archived groups take no new entries (1764500000003-group-archive). */
  @Column('timestamptz', { name: 'archived_at', nullable: true }) archivedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('group_memberships')
export class MembershipRow {
  @PrimaryColumn('uuid', { name: 'group_id' }) groupId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('text') role: GroupRole;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('entries')
export class EntryRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Fixed at creation, so public links never break when the title changes. */
  @Column('text') slug: string;
  @Column('uuid', { name: 'group_id' }) groupId: string;
  @Column('text') kind: EntryKind;
  @Column('text') status: EntryStatus;
  /** Follows meta.title of the live document. */
  @Column('text') title: string;
  @Column('text') summary: string;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('uuid', { name: 'published_revision_id', nullable: true }) publishedRevisionId: string | null;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
  /** A translation's source entry (migration 1765200000000); null for entries that are not translations. */
  @Column('uuid', { name: 'translation_of', nullable: true }) translationOf: string | null;
  /** A translation's language, fixed at creation (null for other entries: their language is the document's). */
  @Column('text', { nullable: true }) language: string | null;
  /** The source revision a translation was pre-filled from: its sync point until a later approved revision of it says otherwise. */
  @Column('uuid', { name: 'translation_synced_revision_id', nullable: true }) translationSyncedRevisionId: string | null;
  /** Set while a moderator has the entry archived (1765300000000-entry-archive): off the lists and the public site (410), read-only. */
  @Column('timestamptz', { name: 'archived_at', nullable: true }) archivedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** Append-only log of accepted Yjs updates; the durable record of every edit. */
@Entity('entry_updates')
export class EntryUpdateRow {
  /** Global sequence (bigserial): unique across server instances. pg returns it as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq: string;
  @Column('uuid', { name: 'entry_id' }) entryId: string;
  @Column('bytea') update: Buffer;
  @Column('uuid', { name: 'user_id', nullable: true }) userId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** Compacted state of an entry: every log row folded in so far (and then deleted). */
@Entity('entry_documents')
export class EntryDocumentRow {
  @PrimaryColumn('uuid', { name: 'entry_id' }) entryId: string;
  @Column('bytea') state: Buffer;
  @Column('bigint', { name: 'covers_seq' }) coversSeq: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** Which user sent which Yjs client id on an entry (no longer read: authorship is counted in entry_authorship). */
@Entity('entry_contributors')
export class EntryContributorRow {
  @PrimaryColumn('uuid', { name: 'entry_id' }) entryId: string;
  @PrimaryColumn('bigint', { name: 'client_id' }) clientId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('timestamptz', { name: 'first_seen_at' }) firstSeenAt: Date;
  @Column('timestamptz', { name: 'last_seen_at' }) lastSeenAt: Date;
}

/** Per entry and user: how many accepted updates that user sent (bumped with every log append; never decreases). */
@Entity('entry_authorship')
export class EntryAuthorshipRow {
  @PrimaryColumn('uuid', { name: 'entry_id' }) entryId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('bigint') edits: string;
}

/** A frozen revision of an entry: what moderators review and readers read once approved. Never changes after submission except its review. */
@Entity('revisions')
export class RevisionRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'entry_id' }) entryId: string;
  @Column('int') number: number;
  @Column('text') status: RevisionStatus;
  @Column('bytea', { name: 'yjs_state' }) yjsState: Buffer;
  @Column('bytea', { name: 'state_vector' }) stateVector: Buffer;
  @Column('jsonb', { name: 'pm_json' }) pmJson: unknown;
  @Column('text') html: string;
  @Column('text') text: string;
  @Column('text') title: string;
  @Column('text') summary: string;
  @Column('text') language: string;
  @Column('text', { name: 'content_hash' }) contentHash: string;
  @Column('uuid', { name: 'contributor_ids', array: true }) contributorIds: string[];
  /** The entry's authorship counters (user id → edits) at the freeze; null for revisions frozen before they existed. */
  @Column('jsonb', { nullable: true }) authorship: Record<string, number> | null;
  @Column('uuid', { name: 'submitted_by' }) submittedBy: string;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt: Date;
  @Column('uuid', { name: 'reviewed_by', nullable: true }) reviewedBy: string | null;
  @Column('timestamptz', { name: 'reviewed_at', nullable: true }) reviewedAt: Date | null;
  @Column('text', { name: 'review_note' }) reviewNote: string;
  /** The submitter's optional note on what changed (issue 14). */
  @Column('text', { name: 'change_note', default: '' }) changeNote: string;
}

@Entity('audit_events')
export class AuditEventRow {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('uuid', { name: 'entry_id' }) entryId: string;
  @Column('uuid', { name: 'revision_id', nullable: true }) revisionId: string | null;
  @Column('uuid', { name: 'actor_id' }) actorId: string;
  @Column('text') action: string;
  @Column('text') note: string;
  @Column('boolean') override: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export const ENTITIES = [
  RevisionRow,
  AuditEventRow,
  UserRow,
  SessionRow,
  GroupRow,
  MembershipRow,
  EntryRow,
  EntryUpdateRow,
  EntryDocumentRow,
  EntryContributorRow,
  EntryAuthorshipRow,
];
