import { Injectable } from '@nestjs/common';
import type { CommentBody, CommentDto, CommentThreadDto, CreateThreadBody, DiscussionEvent } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError, notFound } from '../../common/domain-error';
import { isUuid } from '../../common/ids';
import { enforce } from '../../common/policy';
import { EntriesService } from '../entries/entries.service';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { NotificationsService } from '../notifications/notifications.service';
import { ReviewNotifier } from '../realtime/review-notifier.service';
import { UsersRepository } from '../users/users.repository';
import { type CommentRow, CommentsRepository } from './comments.repository';
import { type DiscussionAction, discussionVerdict } from './discussion.policy';
import { toCommentDto, toThreads } from './discussion.presenter';

type Entry = Awaited<ReturnType<EntriesService['requireEntry']>>;
/** How much of a comment a notification (and its mail) quotes. */
const EXCERPT_CHARS = 280;

/**
 * Comment threads on an entry's draft (anchored with Yjs relative positions)
 * and on its frozen revisions (anchored to block offsets, from the review
 * page). Every change is told live to those on the entry, and mentions and
 * the entry's contributors are notified.
 */
@Injectable()
export class DiscussionService {
  constructor(
    private readonly comments: CommentsRepository,
    private readonly entries: EntriesService,
    private readonly users: UsersRepository,
    private readonly notifier: ReviewNotifier,
    private readonly notifications: NotificationsService,
    private readonly people: NotificationsRepository,
  ) {}

  async listForEntry(actor: Actor | null, entryId: string): Promise<CommentThreadDto[]> {
    const entry = await this.entries.requireEntry(entryId);
    this.check(actor, { kind: 'read', groupId: entry.groupId }, 'read the comments of this entry');
    return this.threads(await this.comments.findOfEntry(entry.id, null));
  }

  async listForRevision(actor: Actor | null, revisionId: string): Promise<CommentThreadDto[]> {
    const { entry, revisionId: id } = await this.requireRevision(revisionId);
    this.check(actor, { kind: 'read', groupId: entry.groupId }, 'read the comments of this revision');
    return this.threads(await this.comments.findOfEntry(entry.id, id));
  }

  async startOnEntry(actor: Actor | null, entryId: string, body: CreateThreadBody): Promise<CommentThreadDto> {
    const entry = await this.entries.requireEntry(entryId);
    this.check(actor, { kind: 'comment', groupId: entry.groupId }, 'comment on this entry');
    if (body.anchor.kind !== 'text') throw new DomainError('validation_failed', 'anchor: a comment on the draft is anchored to text (kind "text")');
    return this.start(actor!, entry, null, body);
  }

  async startOnRevision(actor: Actor | null, revisionId: string, body: CreateThreadBody): Promise<CommentThreadDto> {
    const { entry, revisionId: id } = await this.requireRevision(revisionId);
    this.check(actor, { kind: 'comment_revision', groupId: entry.groupId }, 'comment on this revision');
    if (body.anchor.kind !== 'block') throw new DomainError('validation_failed', 'anchor: a comment on a revision is anchored to a block (kind "block")');
    if (body.anchor.to < body.anchor.from) throw new DomainError('validation_failed', 'anchor: `to` comes before `from`');
    return this.start(actor!, entry, id, body);
  }

  async reply(actor: Actor | null, commentId: string, body: CommentBody): Promise<CommentDto> {
    const { root, entry } = await this.requireComment(actor, commentId);
    this.check(actor, { kind: 'comment', groupId: entry.groupId }, 'reply to this comment');
    const mentions = await this.comments.mentionable(entry.groupId, unique(body.mentions));
    const row = await this.comments.insert({
      entryId: entry.id,
      revisionId: root.revisionId,
      parentId: root.id,
      authorId: actor!.id,
      body: body.body,
      mentions,
      anchor: null,
    });
    this.changed(entry, root, 'replied');
    await this.tell(actor!, entry, row, mentions);
    return toCommentDto(row, await this.namesOf(row.mentions));
  }

  async edit(actor: Actor | null, commentId: string, body: CommentBody): Promise<CommentDto> {
    const { comment, root, entry } = await this.requireComment(actor, commentId);
    this.check(actor, { kind: 'edit', groupId: entry.groupId, authorId: comment.authorId }, 'edit this comment');
    const mentions = await this.comments.mentionable(entry.groupId, unique(body.mentions));
    await this.comments.updateBody(comment.id, body.body, mentions);
    this.changed(entry, root, 'edited');
    const added = mentions.filter((id) => !comment.mentions.includes(id));
    const row = (await this.comments.findById(comment.id))!;
    // Only those newly mentioned hear of an edit; contributors heard of the comment already.
    if (added.length > 0)
      await this.notifications.notify({ kind: 'comment', authorId: actor!.id, mentioned: added, contributors: [] }, this.subjectOf(entry, row));
    return toCommentDto(row, await this.namesOf(row.mentions));
  }

  async delete(actor: Actor | null, commentId: string): Promise<void> {
    const { comment, root, entry } = await this.requireComment(actor, commentId);
    this.check(actor, { kind: 'delete', groupId: entry.groupId, authorId: comment.authorId }, 'delete this comment');
    await this.comments.delete(comment.id);
    this.changed(entry, root, 'deleted');
  }

  async setResolved(actor: Actor | null, commentId: string, resolved: boolean): Promise<CommentThreadDto> {
    const { root, entry } = await this.requireComment(actor, commentId);
    this.check(actor, { kind: 'resolve', groupId: entry.groupId }, resolved ? 'resolve this thread' : 'reopen this thread');
    await this.comments.setResolved(root.id, resolved ? actor!.id : null);
    this.changed(entry, root, resolved ? 'resolved' : 'reopened');
    return (await this.threads(await this.comments.findThread(root.id)))[0];
  }

  private async start(actor: Actor, entry: Entry, revisionId: string | null, body: CreateThreadBody): Promise<CommentThreadDto> {
    const mentions = await this.comments.mentionable(entry.groupId, unique(body.mentions));
    const row = await this.comments.insert({
      entryId: entry.id,
      revisionId,
      parentId: null,
      authorId: actor.id,
      body: body.body,
      mentions,
      anchor: body.anchor,
    });
    this.changed(entry, row, 'created');
    await this.tell(actor, entry, row, mentions);
    return (await this.threads([row]))[0];
  }

  /** The mentioned, and the entry's contributors, hear of a new comment. */
  private async tell(actor: Actor, entry: Entry, row: CommentRow, mentions: string[]): Promise<void> {
    const contributors = await this.comments.mentionable(entry.groupId, await this.people.contributorsOfEntry(entry.id));
    await this.notifications.notify({ kind: 'comment', authorId: actor.id, mentioned: mentions, contributors }, this.subjectOf(entry, row));
  }

  private subjectOf(entry: Entry, row: CommentRow) {
    const text = row.body.length > EXCERPT_CHARS ? `${row.body.slice(0, EXCERPT_CHARS - 1)}…` : row.body;
    return { actorId: row.authorId, entryId: entry.id, revisionId: row.revisionId, groupId: entry.groupId, commentId: row.id, text };
  }

  private changed(entry: Entry, root: CommentRow, kind: DiscussionEvent['kind']): void {
    this.notifier.discussionChanged(entry.groupId, { kind, entryId: entry.id, revisionId: root.revisionId, threadId: root.id, groupSlug: entry.groupSlug });
  }

  private check(actor: Actor | null, action: DiscussionAction, what: string): void {
    enforce(discussionVerdict(actor, action), what);
  }

  private async threads(rows: CommentRow[]): Promise<CommentThreadDto[]> {
    const names = await this.users.findNamesByIds(unique(rows.flatMap((r) => r.mentions)));
    return toThreads(rows, (id) => names.get(id) ?? 'Unknown user');
  }

  private async namesOf(ids: string[]): Promise<(id: string) => string> {
    const names = await this.users.findNamesByIds(ids);
    return (id) => names.get(id) ?? 'Unknown user';
  }

  private async requireRevision(revisionId: string): Promise<{ entry: Entry; revisionId: string }> {
    const entryId = isUuid(revisionId) ? await this.comments.entryOfRevision(revisionId) : null;
    if (!entryId) throw notFound('revision_not_found', `Revision ${revisionId}`);
    return { entry: await this.entries.requireEntry(entryId), revisionId };
  }

  /** The comment, its thread's root and entry; a signed-out caller is told to sign in before anything is looked up. */
  private async requireComment(actor: Actor | null, id: string): Promise<{ comment: CommentRow; root: CommentRow; entry: Entry }> {
    if (!actor) enforce('unauthenticated', 'comment');
    const comment = isUuid(id) ? await this.comments.findById(id) : null;
    if (!comment) throw notFound('comment_not_found', `Comment ${id}`);
    const root = comment.parentId ? await this.comments.findById(comment.parentId) : comment;
    if (!root) throw notFound('comment_not_found', `Comment ${id}`);
    const entry = await this.entries.requireEntry(comment.entryId);
    return { comment, root, entry };
  }
}

function unique(ids: readonly string[]): string[] {
  return Array.from(new Set(ids));
}
