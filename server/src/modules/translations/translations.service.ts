import { Injectable } from '@nestjs/common';
import {
  diffDocuments,
  MAX_SLUG_BASE_CHARS,
  type CreateTranslationBody,
  type DocumentDiff,
  type EntryDto,
  type EntryTranslationsDto,
  type PmNode,
  type SubmitRevisionResponse,
  type SyncTranslationBody,
  type TranslationLinkDto,
} from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { DomainError } from '../../common/domain-error';
import { enforce } from '../../common/policy';
import { entryStateFromRevision } from '../../documents/revision-content';
import { EntriesService } from '../entries/entries.service';
import { GroupsService } from '../groups/groups.service';
import { RevisionsService } from '../moderation/revisions.service';
import { canOnTranslations, isOutdated } from './translations.policy';
import { TranslationsRepository, type PairMemberRow } from './translations.repository';

/** What the public page of a published entry shows of its pair. */
export interface PublicPairing {
  /** The published entries of the pair, this one included (hreflang alternates and the language switch). */
  pages: { slug: string; language: string; title: string }[];
  /** Set on an outdated translation: the source's page and revisions, and its changes since the sync point. */
  outdated: { sourceSlug: string; sourceLanguage: string; sinceRevision: number; sourceRevision: number; diff: DocumentDiff } | null;
}

/** Paired entries: creating a translation, reading the pair and its sync state, submitting a sync (issue 14). */
@Injectable()
export class TranslationsService {
  constructor(
    private readonly repo: TranslationsRepository,
    private readonly entries: EntriesService,
    private readonly groups: GroupsService,
    private readonly revisions: RevisionsService,
  ) {}

  /**
   * A new entry of the source's group in `language`, linked to the source and
   * pre-filled from its published revision (body, references, title, summary),
   * which becomes the translation's first sync point. Its address is the
   * source's with the language appended (`omicron-zh`).
   */
  async create(actor: Actor | null, sourceId: string, body: CreateTranslationBody): Promise<EntryDto> {
    const source = await this.entries.requireEntry(sourceId);
    enforce(canOnTranslations(actor, 'create', source), 'translate entries of this group');
    if (source.translationOf) throw new DomainError('translation_source_invalid', 'This entry is a translation: translate its source instead');
    const group = await this.groups.requireBySlug(source.groupSlug);
    if (group.archivedAt) throw new DomainError('group_archived', `${group.name} is archived: it takes no new entries`);
    if (!source.publishedRevisionId) throw new DomainError('not_published', 'Only a published entry can be translated: it starts from the published revision');
    const published = await this.revisions.requireRevision(source.publishedRevisionId);
    if (published.language === body.language) throw new DomainError('translation_same_language', `This entry is written in ${body.language} already`);
    if (await this.repo.translationExists(source.id, body.language)) {
      throw new DomainError('translation_exists', `This entry has a ${body.language} translation already`);
    }
    const base = `${source.slug.slice(0, MAX_SLUG_BASE_CHARS - body.language.length - 1).replace(/-+$/, '')}-${body.language}`;
    return this.entries.insertWithFreeSlug(
      base,
      {
        groupId: source.groupId,
        kind: source.kind,
        title: published.title,
        createdBy: actor!.id,
        translationOf: source.id,
        language: body.language,
        translationSyncedRevisionId: published.id,
      },
      entryStateFromRevision(published, body.language),
      source.groupSlug,
    );
  }

  /** The entry's pair, and for a translation its sync point, whether it is outdated (with the source's changes since) and a pending claim. */
  async get(actor: Actor | null, entryId: string): Promise<EntryTranslationsDto> {
    const entry = await this.entries.requireEntry(entryId);
    enforce(canOnTranslations(actor, 'read', entry), 'read this entry');
    const pair = await this.repo.findPairOf(entry.id);
    const self = pair.find((m) => m.entryId === entry.id)!;
    const source = pair.find((m) => m.translationOf === null) ?? null;
    const isTranslation = self.translationOf !== null;
    const dto: EntryTranslationsDto = {
      language: self.language,
      source: isTranslation && source ? toLink(source, source) : null,
      translations: isTranslation ? [] : pair.filter((m) => m.translationOf !== null).map((m) => toLink(m, self)),
      syncedTo: self.syncedRevisionId && self.syncedNumber !== null ? { revisionId: self.syncedRevisionId, number: self.syncedNumber } : null,
      outdated: null,
      pendingSync: isTranslation ? await this.repo.findPendingClaim(entry.id) : null,
    };
    if (isTranslation && source?.publishedNumber && isOutdated(source.publishedNumber, self.syncedNumber)) {
      dto.outdated = {
        sinceRevision: (await this.repo.findFirstApprovedAfter(source.entryId, self.syncedNumber ?? 0)) ?? source.publishedNumber,
        sourceRevision: source.publishedNumber,
        diff: await this.sourceChanges(self, source),
      };
    }
    return dto;
  }

  /**
   * Submits the translation's draft for review, its submitter declaring it
   * brought up to the source's approved revision `syncedTo`. The claim is on
   * the pending revision and counts once that revision is approved, so the
   * four-eyes rule of every approval applies to "up to date" as well.
   *
   * The claim is written in the transaction that inserts the revision, so no
   * moderator ever sees the revision without it (a decision cannot land
   * between the two) and a failure recording it leaves no revision. Two syncs
   * at once are serialised by the submission's lock on the entry: when both
   * froze the same draft the second is refused (409 no_changes) and only the
   * first claim stands; when the draft changed in between both are pending,
   * each with its own claim, and the newest approved one sets the sync point.
   */
  async sync(actor: Actor | null, entryId: string, body: SyncTranslationBody): Promise<SubmitRevisionResponse> {
    const entry = await this.entries.requireEntry(entryId);
    enforce(canOnTranslations(actor, 'sync', entry), 'submit this translation');
    if (!entry.translationOf) throw new DomainError('sync_revision_invalid', 'This entry is not a translation');
    const sourceRevisionId = await this.repo.findApprovedRevisionId(entry.translationOf, body.syncedTo);
    if (!sourceRevisionId) throw new DomainError('sync_revision_invalid', `The source has no approved revision ${body.syncedTo}`);
    return this.revisions.submit(actor, entry.id, body.note ?? '', {
      withRevision: (revision, tx) => this.repo.recordSyncClaim(revision.id, sourceRevisionId, tx),
    });
  }

  /** For the public page of a published entry: its published partners and, for a translation, whether it is outdated. */
  async publicPairing(entryId: string): Promise<PublicPairing> {
    const pair = await this.repo.findPairOf(entryId);
    const published = pair.filter((m) => m.published);
    const self = pair.find((m) => m.entryId === entryId);
    const source = pair.find((m) => m.translationOf === null);
    if (!self || published.length < 2 || !published.includes(self)) return { pages: [], outdated: null };
    const pages = published.map((m) => ({ slug: m.slug, language: m.language, title: m.title }));
    if (!self.translationOf || !source?.published || !isOutdated(source.publishedNumber, self.syncedNumber)) return { pages, outdated: null };
    const since = (await this.repo.findFirstApprovedAfter(source.entryId, self.syncedNumber ?? 0)) ?? source.publishedNumber!;
    const diff = await this.sourceChanges(self, source);
    return {
      pages,
      outdated: { sourceSlug: source.slug, sourceLanguage: source.language, sinceRevision: since, sourceRevision: source.publishedNumber!, diff },
    };
  }

  /** The source's changes from the translation's sync point to its published revision. */
  private async sourceChanges(translation: PairMemberRow, source: PairMemberRow): Promise<DocumentDiff> {
    const [before, after] = await Promise.all([
      translation.syncedRevisionId ? this.repo.findPmJson(translation.syncedRevisionId) : null,
      source.publishedRevisionId ? this.repo.findPmJson(source.publishedRevisionId) : null,
    ]);
    return diffDocuments((before as PmNode | null) ?? null, (after as PmNode | null) ?? { type: 'doc', content: [] });
  }

  /** Sitemap alternates: slug → every published page of its pair (itself included), for pairs with two or more. */
  async sitemapAlternates(): Promise<Map<string, { slug: string; language: string }[]>> {
    const byRoot = new Map<string, { slug: string; language: string }[]>();
    for (const m of await this.repo.findPublishedPairMembers()) {
      const list = byRoot.get(m.root) ?? [];
      list.push({ slug: m.slug, language: m.language });
      byRoot.set(m.root, list);
    }
    const bySlug = new Map<string, { slug: string; language: string }[]>();
    for (const list of byRoot.values()) if (list.length > 1) for (const m of list) bySlug.set(m.slug, list);
    return bySlug;
  }
}

function toLink(m: PairMemberRow, source: PairMemberRow): TranslationLinkDto {
  return {
    entryId: m.entryId,
    slug: m.slug,
    title: m.title,
    language: m.language,
    published: m.published,
    outdated: m.translationOf !== null && isOutdated(source.publishedNumber, m.syncedNumber),
  };
}
