import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RevisionDetailDto, RevisionSummaryDto, SubmitRevisionResponse } from '@knowledge-hub/shared';
import { isUuid } from '../../common/ids';
import type { Actor } from '../../common/actor';
import { DomainError, notFound } from '../../common/domain-error';
import type { RevisionRow } from '../../database/entities';
import { ChartFreezeHook } from '../charts/chart-freeze-hook.service';
import { ReportFreezeHook } from '../reports/report-freeze-hook.service';
import { CollabService } from '../collab/collab.service';
import { EntriesService } from '../entries/entries.service';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { NotificationsService } from '../notifications/notifications.service';
import { ReviewNotifier } from '../realtime/review-notifier.service';
import { AuditRepository } from './audit.repository';
import { FigureSourcesRepository } from './figure-sources.repository';
import { authorsSince, figureSourcesOf, freezeDocument, isBehind, type Authorship, type FrozenDocument } from './freeze';
import { canModerate, canSeeReviewNote, isModerator } from './moderation.policy';
import { refsOf, toRevisionDetail, toRevisionSummary } from './moderation.presenter';
import { RevisionsRepository } from './revisions.repository';
import { UserRefs } from './user-refs';
import { enforce } from '../../common/policy';

/** How often a submission re-reads the document when a revision published meanwhile overtook its read. */
const MAX_FREEZE_ATTEMPTS = 3;

/** An archived entry is read-only (entries.policy): no revision of it is submitted, restored or approved until it is unarchived. */
export function entryArchived(): DomainError {
  return new DomainError('entry_archived', 'This entry is archived: it is read-only until a moderator unarchives it');
}

/** What a caller adds to a submission. */
export interface SubmitOptions {
  /**
   * Writes what belongs to the new revision in the transaction that inserts
   * it, before it commits: a moderator can only see (and decide) the revision
   * with it, and its failure leaves no revision behind.
   */
  withRevision?: (revision: RevisionRow, tx: EntityManager) => Promise<void>;
}

/** Submitting revisions and reading them. */
@Injectable()
export class RevisionsService {
  constructor(
    private readonly db: DataSource,
    private readonly revisions: RevisionsRepository,
    private readonly audit: AuditRepository,
    private readonly entries: EntriesService,
    private readonly collab: CollabService,
    private readonly notifier: ReviewNotifier,
    private readonly refs: UserRefs,
    private readonly figures: FigureSourcesRepository,
    private readonly charts: ChartFreezeHook,
    private readonly reportEmbeds: ReportFreezeHook,
    private readonly notifications: NotificationsService,
    private readonly notificationPeople: NotificationsRepository,
  ) {}

  /**
   * Freezes the entry's document as committed at this instant into a new
   * pending revision, with its authors: everyone whose updates (insertions,
   * deletions, restores) were logged since the published revision's freeze.
   * Editing goes on in the live draft; nothing later changes the revision.
   */
  async submit(actor: Actor | null, entryId: string, changeNote = '', options: SubmitOptions = {}): Promise<SubmitRevisionResponse> {
    const entry = await this.entries.requireEntry(entryId);
    enforce(canModerate(actor, 'submit', { groupId: entry.groupId }), 'submit this entry for review');
    if (entry.archivedAt) throw entryArchived();
    for (let attempt = 1; ; attempt++) {
      const frozen = await this.freeze(entry.id);
      const revision = await this.db.transaction(async (tx) => {
        const locked = await this.entries.lockById(entry.id, tx);
        if (!locked) throw notFound('entry_not_found', `Entry ${entryId}`);
        // Archiving locks the same row: an entry archived since the check above is refused here, before anything is written.
        if (locked.archivedAt) throw entryArchived();
        const latest = await this.revisions.findLatestOfEntry(entry.id, tx);
        if (latest?.contentHash === frozen.contentHash) {
          throw new DomainError('no_changes', `Nothing changed since revision ${latest.number}`);
        }
        const published = locked.publishedRevisionId ? await this.revisions.findById(locked.publishedRevisionId, tx) : null;
        // A revision frozen after our read was published meanwhile: ours would undo part of it, with authors counted wrong.
        if (published && isBehind(frozen, published)) return null;
        const row = await this.revisions.insertNext(
          {
            entryId: entry.id,
            yjsState: Buffer.from(frozen.yjsState),
            stateVector: Buffer.from(frozen.stateVector),
            pmJson: frozen.pmJson,
            html: frozen.html,
            text: frozen.text,
            title: frozen.meta.title,
            summary: frozen.meta.summary,
            language: frozen.meta.language,
            contentHash: frozen.contentHash,
            contributorIds: authorsSince(published?.authorship ?? null, frozen.authorship),
            authorship: frozen.authorship,
            submittedBy: actor!.id,
            changeNote,
          },
          tx,
        );
        await this.entries.setPublication(entry.id, { status: 'in_review' }, tx);
        await this.audit.record({ entryId: entry.id, revisionId: row.id, actorId: actor!.id, action: 'submitted' }, tx);
        await options.withRevision?.(row, tx);
        return row;
      });
      if (!revision) {
        if (attempt < MAX_FREEZE_ATTEMPTS) continue;
        throw new DomainError('service_unavailable', 'The entry kept changing under review; please submit again');
      }
      this.notifier.queueChanged(entry.groupId, { kind: 'submitted', revisionId: revision.id, entryId: entry.id, groupSlug: entry.groupSlug });
      await this.notifications.notify(
        { kind: 'submitted', submitterId: actor!.id, moderatorIds: await this.notificationPeople.moderatorsOfGroup(entry.groupId) },
        { actorId: actor!.id, entryId: entry.id, revisionId: revision.id, groupId: entry.groupId, text: changeNote },
      );
      const ref = await this.refs.resolve(revision.contributorIds);
      return { id: revision.id, number: revision.number, contentHash: revision.contentHash, contributors: revision.contributorIds.map(ref) };
    }
  }

  /** The committed document frozen, with the authorship counters of exactly what it holds. */
  private async freeze(entryId: string): Promise<FrozenDocument & { authorship: Authorship }> {
    const { doc, authorship } = await this.collab.freezeSource(entryId);
    try {
      const imageSources = await this.figures.lookup(figureSourcesOf(doc));
      const renderChart = await this.charts.prepare(doc);
      const renderReport = await this.reportEmbeds.prepare(doc);
      return { ...freezeDocument(doc, { imageSources, renderChart, renderReport }), authorship };
    } finally {
      doc.destroy();
    }
  }

  async listForEntry(actor: Actor | null, entryId: string): Promise<RevisionSummaryDto[]> {
    const entry = await this.entries.requireEntry(entryId);
    enforce(actor ? 'allowed' : 'unauthenticated', 'see revisions');
    const rows = await this.revisions.findAllOfEntryNewestFirst(entry.id);
    const ref = await this.refs.resolve(refsOf(rows));
    return rows.map((r) => toRevisionSummary(r, ref, canSeeReviewNote(actor, { groupId: entry.groupId, contributorIds: r.contributorIds })));
  }

  /**
   * The published revision's document, for "changes since the published revision" in the editor: null when
   * nothing is published (the caller says whether that is an error, not_published, or an answer).
   */
  async published(actor: Actor | null, entryId: string): Promise<{ revisionId: string; number: number; pmJson: unknown; html: string } | null> {
    const entry = await this.entries.requireEntry(entryId);
    enforce(actor ? 'allowed' : 'unauthenticated', 'see this entry');
    const published = entry.publishedRevisionId ? await this.revisions.findById(entry.publishedRevisionId) : null;
    return published ? { revisionId: published.id, number: published.number, pmJson: published.pmJson, html: published.html } : null;
  }

  async detail(actor: Actor | null, revisionId: string): Promise<RevisionDetailDto> {
    const revision = await this.requireRevision(revisionId);
    const entry = await this.entries.requireEntry(revision.entryId);
    const published = entry.publishedRevisionId ? await this.revisions.findById(entry.publishedRevisionId) : null;
    const scope = {
      groupId: entry.groupId,
      status: revision.status,
      contributorIds: revision.contributorIds,
      olderThanPublished: !!published && revision.number < published.number,
    };
    if (!isModerator(actor, entry.groupId)) enforce(canModerate(actor, 'view', scope), 'see this revision');
    const ref = await this.refs.resolve(refsOf([revision]));
    const approve = canModerate(actor, 'approve', scope);
    return toRevisionDetail(revision, entry, published, ref, canSeeReviewNote(actor, scope), {
      approve: approve === 'allowed',
      requestChanges: canModerate(actor, 'request_changes', scope) === 'allowed',
      reject: canModerate(actor, 'reject', scope) === 'allowed',
      restore: canModerate(actor, 'restore', scope) === 'allowed',
      overrideSelfReview: approve === 'self_review' && !!actor?.isAdmin,
    });
  }

  async requireRevision(id: string): Promise<RevisionRow> {
    const revision = isUuid(id) ? await this.revisions.findById(id) : null;
    if (!revision) throw notFound('revision_not_found', `Revision ${id}`);
    return revision;
  }
}
