import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor';
import { canOnGroup } from '../groups/groups.policy';
import { NotificationsService } from '../notifications/notifications.service';
import { mentionsInBody } from './body-mentions';
import { type BodyMentionRecord, BodyMentionsRepository, type MentionedPerson } from './body-mentions.repository';
import type { CollabDocument } from './collab-document';

/** At most this many people are told of body mentions per pass over one entry (the rest at its next change). */
export const MAX_MENTION_NOTICES_PER_PASS = 20;
/** At most this many body-mention notices reach one person per hour, whatever the entries; past it, mentions are recorded silently. */
export const MAX_MENTION_NOTICES_PER_USER_PER_HOUR = 30;
const HOUR_MS = 60 * 60 * 1000;
/**
 * At most this many users are remembered as handled per loaded document; past
 * it those added longest ago are forgotten. A member inserting and deleting mentions
 * of random ids would otherwise grow the set for as long as the document stays
 * loaded. Forgetting costs at most a query again: the database still tells a
 * member's mention apart (body_mentions), and a forgotten non-member is merely
 * looked up again (and past a wall of more non-members than this, a later
 * member may be reached only after the document is loaded again).
 */
export const MAX_HANDLED_USERS_PER_DOCUMENT = 5_000;

/**
 * "You were mentioned" for mentions in an entry's body (issue 14). The collab
 * engine calls `notice` at the same debounced point where it copies the live
 * text (about a second after the last change, and before unloading): the
 * users its `mention` nodes name who were not handled for this entry yet
 * are told `mentioned`, once per (entry, user) ever (body_mentions), by the
 * writer who set the mention's id (null when unknown: folded into the compacted
 * state before this load). With several instances, a mention set on another
 * instance is left to it (its writer is known there); should that instance
 * stop before its pass, the mention is told once the document is loaded again and edited, by its writer
 * while the log still holds the row that set it (ClientWriters.noteStored), else with no actor.
 *
 * Told: only the people who may write the group's entries (its members and
 * moderators, and admins: groups.policy), as for comment mentions; never
 * the writer themself. Bounded against a hostile writer: one pass reads at
 * most MAX_MENTIONED_USERS_PER_PASS users and tells at most
 * MAX_MENTION_NOTICES_PER_PASS; a person gets at most
 * MAX_MENTION_NOTICES_PER_USER_PER_HOUR such notices.
 */
@Injectable()
export class BodyMentionsService {
  /** Users known handled per loaded document: a pass over an unchanged set of mentions asks the database nothing. */
  private readonly handled = new WeakMap<CollabDocument, HandledUsers>();

  constructor(
    private readonly repo: BodyMentionsRepository,
    private readonly notifications: NotificationsService,
  ) {}

  async notice(doc: CollabDocument, now = new Date()): Promise<void> {
    let handled = this.handled.get(doc);
    if (!handled) {
      handled = new HandledUsers(MAX_HANDLED_USERS_PER_DOCUMENT);
      this.handled.set(doc, handled);
    }
    const found = mentionsInBody(doc.doc, doc.writers, handled);
    if (found.length === 0) return;
    const groupId = await this.repo.findGroupIdOfEntry(doc.entryId);
    if (!groupId) return;
    const already = await this.repo.findHandledUsers(
      doc.entryId,
      found.map((m) => m.userId),
    );
    for (const id of already) handled.add(id);
    // A writer mentioning themself tells nobody (and needs no row: nothing to remember).
    const fresh = found.filter((m) => !already.has(m.userId) && m.userId !== m.writerId);
    for (const m of found) if (m.userId === m.writerId) handled.add(m.userId);
    const people = await this.repo.findEnabledPeopleWithRole(
      groupId,
      fresh.map((m) => m.userId),
    );
    const mayWrite = new Set(people.filter((p) => canOnGroup(actorOf(p, groupId), 'write_entries', groupId)).map((p) => p.id));
    // Others (not members, unknown or disabled accounts) get no row, only a place in the loaded
    // document's set, so later passes read past them to further mentions: should they join while
    // the mention stands, they hear of it after the document is loaded again and edited.
    for (const m of fresh) if (!mayWrite.has(m.userId)) handled.add(m.userId);
    const batch = fresh.filter((m) => mayWrite.has(m.userId)).slice(0, MAX_MENTION_NOTICES_PER_PASS);
    if (batch.length === 0) return;
    const recent = await this.repo.countNoticesSince(
      batch.map((m) => m.userId),
      new Date(now.getTime() - HOUR_MS),
    );
    const records: BodyMentionRecord[] = batch.map((m) => ({
      userId: m.userId,
      actorId: m.writerId,
      notified: (recent.get(m.userId) ?? 0) < MAX_MENTION_NOTICES_PER_USER_PER_HOUR,
    }));
    const claimed = await this.repo.claim(doc.entryId, records);
    for (const m of batch) handled.add(m.userId);
    for (const [writerId, mentioned] of byWriter(records.filter((r) => r.notified && claimed.has(r.userId)))) {
      await this.notifications.notify({ kind: 'body_mention', writerId, mentioned }, { actorId: writerId, entryId: doc.entryId });
    }
  }
}

/** A set of user ids holding at most `max`: adding past it forgets the one added (or added again) longest ago. */
export class HandledUsers extends Set<string> {
  constructor(private readonly max: number) {
    super();
  }

  override add(id: string): this {
    super.delete(id);
    super.add(id);
    if (this.size > this.max) super.delete(this.values().next().value as string);
    return this;
  }
}

/** The group policy's view of a mentioned person (only their standing in this group matters). */
function actorOf(p: MentionedPerson, groupId: string): Actor {
  return { id: p.id, email: '', name: '', isAdmin: p.isAdmin, memberships: new Map(p.role ? [[groupId, p.role]] : []) };
}

function byWriter(records: BodyMentionRecord[]): Map<string | null, string[]> {
  const out = new Map<string | null, string[]>();
  for (const r of records) out.set(r.actorId, [...(out.get(r.actorId) ?? []), r.userId]);
  return out;
}
