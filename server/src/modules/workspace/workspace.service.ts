import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ArchiveResultDto, MyEntriesDto, WorkspaceSearchDto } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { notFound } from '../../common/domain-error';
import { isUuid } from '../../common/ids';
import { authorize } from '../../common/policy';
import { canOnGroup } from '../groups/groups.policy';
import { PublishingService } from '../publishing/publishing.service';
import { AccessEvents } from '../users/access-events';
import { canArchiveEntry } from './workspace.policy';
import { snippetAround, toWorkspaceEntryDto } from './workspace.presenter';
import { WorkspaceRepository } from './workspace.repository';

const SEARCH_LIMIT = 30;
const MAX_SEARCH_WORDS = 8;
const LIST_LIMIT = 20;

/**
 * The workspace's search and personal lists, and archiving entries. Every
 * signed-in user may read every entry (groups.policy: read_entries), so the
 * search covers all entries, drafts included; archived ones are left out.
 */
@Injectable()
export class WorkspaceService {
  constructor(
    private readonly repo: WorkspaceRepository,
    private readonly publishing: PublishingService,
    private readonly access: AccessEvents,
    private readonly db: DataSource,
  ) {}

  async search(actor: Actor | null, q: string): Promise<WorkspaceSearchDto> {
    authorize(actor, actor !== null, 'search the workspace');
    const words = q.split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
    const rows = await this.repo.searchEntries(words, SEARCH_LIMIT);
    return {
      hits: rows
        .filter((r) => canOnGroup(actor, 'read_entries', r.groupId))
        .map((r) => ({ entry: toWorkspaceEntryDto(r), snippet: snippetAround(r.text, words) })),
    };
  }

  async myEntries(actor: Actor | null): Promise<MyEntriesDto> {
    authorize(actor, actor !== null, 'see your entries');
    const [drafts, recent] = await Promise.all([this.repo.findDraftsOf(actor.id, LIST_LIMIT), this.repo.findRecentlyEditedBy(actor.id, LIST_LIMIT)]);
    return { drafts: drafts.map(toWorkspaceEntryDto), recent: recent.map(toWorkspaceEntryDto) };
  }

  archive(actor: Actor | null, entryId: string): Promise<ArchiveResultDto> {
    return this.setArchived(actor, entryId, true);
  }

  unarchive(actor: Actor | null, entryId: string): Promise<ArchiveResultDto> {
    return this.setArchived(actor, entryId, false);
  }

  /**
   * Idempotent: archiving an archived entry changes nothing and records
   * nothing. The public site forgets the page on every instance, and the
   * entry's open collab sockets are re-checked (an archived entry is
   * read-only: entries.policy); writing again after a restore takes a reconnect.
   */
  private async setArchived(actor: Actor | null, entryId: string, archived: boolean): Promise<ArchiveResultDto> {
    if (!isUuid(entryId)) throw notFound('entry_not_found', `Entry ${entryId}`);
    const result = await this.db.transaction(async (tx) => {
      const entry = await this.repo.lockForArchive(tx, entryId);
      if (!entry) throw notFound('entry_not_found', `Entry ${entryId}`);
      authorize(actor, canArchiveEntry(actor, entry), archived ? 'archive this entry' : 'unarchive this entry');
      if ((entry.archivedAt !== null) === archived) return { changed: false, archivedAt: entry.archivedAt };
      const archivedAt = await this.repo.setArchived(tx, entryId, archived ? actor.id : null);
      await this.repo.insertAuditEvent(tx, entryId, actor.id, archived ? 'archived' : 'unarchived');
      return { changed: true, archivedAt };
    });
    if (result.changed) {
      this.access.entryChanged(entryId);
      await this.publishing.publicationChanged(entryId);
    }
    return { entryId, archivedAt: result.archivedAt ? new Date(result.archivedAt).toISOString() : null };
  }
}
