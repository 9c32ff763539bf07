import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntryDto, RestoreBody } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { applyRevisionContent } from '../../documents/revision-content';
import { CollabService } from '../collab/collab.service';
import { ReviewNotifier } from '../realtime/review-notifier.service';
import { toEntryDto } from '../entries/entries.presenter';
import { EntriesService } from '../entries/entries.service';
import { AuditRepository } from './audit.repository';
import { canModerate } from './moderation.policy';
import { PublicationEvents } from './publication-events';
import { entryArchived, RevisionsService } from './revisions.service';
import { enforce } from '../../common/policy';
import { notFound } from '../../common/domain-error';

/** Unpublishing an entry and restoring an old revision into the live draft. */
@Injectable()
export class PublicationService {
  constructor(
    private readonly db: DataSource,
    private readonly entries: EntriesService,
    private readonly revisions: RevisionsService,
    private readonly audit: AuditRepository,
    private readonly collab: CollabService,
    private readonly publication: PublicationEvents,
    private readonly notifier: ReviewNotifier,
  ) {}

  /**
   * Allowed on an archived entry too: taking a publication down changes no
   * content, hides nothing more than archiving already does, and keeps the
   * entry from coming back public when it is unarchived.
   */
  async unpublish(actor: Actor | null, entryId: string, note: string): Promise<EntryDto> {
    const entry = await this.entries.requireEntry(entryId);
    enforce(canModerate(actor, 'unpublish', { groupId: entry.groupId }), 'unpublish this entry');
    await this.db.transaction(async (tx) => {
      // The revision taken down is the one published under the lock (an approval may have landed since the read above).
      const locked = await this.entries.lockById(entry.id, tx);
      await this.entries.setPublication(entry.id, { status: 'unpublished', publishedRevisionId: null }, tx);
      await this.audit.record({ entryId: entry.id, revisionId: locked?.publishedRevisionId ?? null, actorId: actor!.id, action: 'unpublished', note }, tx);
    });
    await this.publication.changed(entry.id);
    this.notifier.entryChanged({ kind: 'unpublished', entryId: entry.id, groupSlug: entry.groupSlug });
    const updated = await this.entries.requireEntry(entry.id);
    return toEntryDto(updated, updated.groupSlug);
  }

  /**
   * Makes the live draft equal to a revision's content as a *forward edit*
   * through the engine (delete the body, insert the revision's blocks, edit the
   * title and summary texts by their smallest change), never by replacing the
   * Yjs state: connected editors see the change and nothing is duplicated.
   *
   * The edit is logged under the restoring user, who thereby becomes an author
   * of the next revision (four-eyes). A rejected revision is restored only by
   * an admin who says so explicitly; the audit log records the override.
   */
  async restore(actor: Actor | null, revisionId: string, body: RestoreBody): Promise<void> {
    const revision = await this.revisions.requireRevision(revisionId);
    const entry = await this.entries.requireEntry(revision.entryId);
    enforce(canModerate(actor, 'restore', { groupId: entry.groupId, status: revision.status }, { override: body.override }), 'restore a revision');
    // An archived entry is read-only: restoring would edit its live draft (editDocument skips the connection checks).
    if (entry.archivedAt) throw entryArchived();
    const overridden = revision.status === 'rejected';
    await this.collab.editDocument(
      entry.id,
      actor!.id,
      (doc) => applyRevisionContent(doc, revision),
      // Decided again under the row lock that archiving takes: an archive committed since the read above is
      // refused here, and one that starts now waits until the edit is in the document (and queued for the log).
      (apply) =>
        this.db.transaction(async (tx) => {
          const locked = await this.entries.lockById(entry.id, tx);
          if (!locked) throw notFound('entry_not_found', `Entry ${entry.id}`);
          if (locked.archivedAt) throw entryArchived();
          apply();
        }),
    );
    await this.audit.record({
      entryId: entry.id,
      revisionId: revision.id,
      actorId: actor!.id,
      action: 'restored',
      note: body.note ?? '',
      override: overridden,
    });
    this.notifier.entryChanged({ kind: 'restored', entryId: entry.id, groupSlug: entry.groupSlug });
  }
}
