import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  MAX_SUMMARY_CHARS,
  MAX_TITLE_CHARS,
  type CreateEntryBody,
  type EntryDetailDto,
  type EntryDto,
  type EntryKind,
  type EntryStatus,
} from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { authorize } from '../../common/policy';
import { DomainError, notFound } from '../../common/domain-error';
import type { EntryRow } from '../../database/entities';
import { initialEntryState } from '../../documents/entry-doc';
import { canOnGroup } from '../groups/groups.policy';
import { GroupsService } from '../groups/groups.service';
import { canArchiveEntry } from '../workspace/workspace.policy';
import { EntriesRepository, type EntryWithGroupSlug, type NewEntry } from './entries.repository';
import { canOnEntry, collabAccess, type CollabAccess } from './entries.policy';
import { toEntryDto } from './entries.presenter';
import { slugify, slugWithSuffix } from './slug';

/** Inserts tried per create when others take the slug first (a random suffix collides about never). */
const MAX_SLUG_ATTEMPTS = 5;

@Injectable()
export class EntriesService {
  constructor(
    private readonly entries: EntriesRepository,
    private readonly groups: GroupsService,
  ) {}

  async create(actor: Actor | null, groupSlug: string, body: CreateEntryBody): Promise<EntryDto> {
    const group = await this.groups.requireBySlug(groupSlug);
    authorize(actor, canOnGroup(actor, 'create_entry', group.id), `create entries in ${group.name}`);
    if (group.archivedAt) throw new DomainError('group_archived', `${group.name} is archived: it takes no new entries`);
    return this.insertWithFreeSlug(
      slugify(body.title),
      { groupId: group.id, kind: (body.kind ?? 'article') as EntryKind, title: body.title, createdBy: actor.id },
      initialEntryState(body.title),
      group.slug,
    );
  }

  /**
   * Inserts an entry with its first document state under `base` (or `base`
   * with a random suffix when taken). Creates with one title at once all check
   * before any inserts: whoever loses the slug takes a suffixed one.
   */
  async insertWithFreeSlug(base: string, entry: Omit<NewEntry, 'slug'>, initialState: Uint8Array, groupSlug: string): Promise<EntryDto> {
    let slug = base !== 'entry' && !(await this.entries.slugExists(base)) ? base : slugWithSuffix(base);
    while (await this.entries.slugExists(slug)) slug = slugWithSuffix(base);
    for (let attempt = 1; ; attempt++) {
      const row = await this.entries.insertWithInitialState({ ...entry, slug }, initialState);
      if (row) return toEntryDto(row, groupSlug);
      if (attempt === MAX_SLUG_ATTEMPTS) throw new DomainError('entry_slug_taken', 'Could not find a free address for this entry; try again');
      slug = slugWithSuffix(base);
    }
  }

  async listInGroup(actor: Actor | null, groupSlug: string): Promise<EntryDto[]> {
    const group = await this.groups.requireBySlug(groupSlug);
    authorize(actor, canOnGroup(actor, 'read_entries', group.id), 'see the entries of a group');
    const rows = await this.entries.findInGroupNewestFirst(group.id);
    return rows.map((r) => toEntryDto(r, group.slug));
  }

  async get(actor: Actor | null, id: string): Promise<EntryDetailDto> {
    const entry = await this.requireEntryRow(id);
    authorize(actor, canOnEntry(actor, 'read', entry), 'read this entry');
    const contributors = await this.entries.findContributorNames(entry.id);
    return {
      ...toEntryDto(entry, entry.groupSlug),
      access: canOnEntry(actor, 'write', entry) ? 'write' : 'read',
      contributors,
      archivedAt: entry.archivedAt?.toISOString() ?? null,
      can: { archive: canArchiveEntry(actor, entry) },
    };
  }

  /** For the collab engine: the entry (or null) and what this actor may do on it. */
  async collabAccessFor(actor: Actor | null, id: string): Promise<{ entry: EntryWithGroupSlug; access: CollabAccess } | null> {
    const entry = await this.entries.findByIdWithGroupSlug(id);
    if (!entry) return null;
    return { entry, access: collabAccess(actor, entry) };
  }

  /** Called when the live document's meta changes. */
  updateTitleAndSummary(id: string, title: string, summary: string): Promise<void> {
    return this.entries.updateTitleAndSummary(id, title.slice(0, MAX_TITLE_CHARS) || 'Untitled', summary.slice(0, MAX_SUMMARY_CHARS));
  }

  /** For moderation: the entry or a 404, with its group slug. */
  requireEntry(id: string): Promise<EntryWithGroupSlug> {
    return this.requireEntryRow(id);
  }

  lockById(id: string, tx: EntityManager): Promise<EntryRow | null> {
    return this.entries.lockById(id, tx);
  }

  setPublication(id: string, change: { status: EntryStatus; publishedRevisionId?: string | null }, tx: EntityManager): Promise<void> {
    return this.entries.setPublication(id, change, tx);
  }

  private async requireEntryRow(id: string): Promise<EntryWithGroupSlug> {
    const entry = await this.entries.findByIdWithGroupSlug(id);
    if (!entry) throw notFound('entry_not_found', `Entry ${id}`);
    return entry;
  }
}
