import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DOC_BODY, DOC_REFERENCES, docReferences, META_SUMMARY, META_TITLE, type EntryDto, type PmNode, type RestoreBody } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { setMetaText } from '../../documents/entry-doc';
import { proseMirrorToYjs } from '../../documents/prosemirror';
import { CollabService } from '../collab/collab.service';
import { ReviewNotifier } from '../realtime/review-notifier.service';
import { toEntryDto } from '../entries/entries.presenter';
import { EntriesService } from '../entries/entries.service';
import { AuditRepository } from './audit.repository';
import { canModerate } from './moderation.policy';
import { PublicationEvents } from './publication-events';
import { RevisionsService } from './revisions.service';
import { enforce } from '../../common/policy';

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
    const overridden = revision.status === 'rejected';
    await this.collab.editDocument(entry.id, actor!.id, (doc) => {
      const body = doc.getXmlFragment(DOC_BODY);
      if (body.length > 0) body.delete(0, body.length);
      body.insert(0, proseMirrorToYjs(revision.pmJson as PmNode));
      // The references the revision froze (attrs.references): its citations resolve as they did.
      const frozenRefs = docReferences(revision.pmJson as PmNode);
      const refs = doc.getMap(DOC_REFERENCES);
      for (const id of [...refs.keys()]) if (!frozenRefs.has(id)) refs.delete(id);
      for (const [id, item] of frozenRefs) {
        const { id: _id, ...value } = item;
        if (JSON.stringify(refs.get(id)) !== JSON.stringify(value)) refs.set(id, value);
      }
      setMetaText(doc, META_TITLE, revision.title);
      setMetaText(doc, META_SUMMARY, revision.summary);
    });
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
