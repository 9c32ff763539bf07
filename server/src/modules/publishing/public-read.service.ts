import { Injectable } from '@nestjs/common';
import { MAX_SLUG_CHARS } from '@knowledge-hub/shared';
import { ReachHook, type ReachTotals } from '../reach/reach-hook.service';
import { TranslationsService, type PublicPairing } from '../translations/translations.service';
import { PublishingRepository, type PublicGroupRow, type PublishedEntryListRow, type PublishedEntryRow, type SitemapRow } from './publishing.repository';

/** Recently published entries shown on the hub. */
const HUB_RECENT_ENTRIES = 12;
/** A group page lists at most this many entries (far more than any group holds today). */
const GROUP_PAGE_ENTRIES = 1_000;
const FEED_ENTRIES = 50;
/** The sitemap protocol allows 50,000 URLs per file. */
const SITEMAP_ENTRIES = 45_000;

/** Entry and group slugs are ASCII (see entries/slug.ts): anything else is not found without asking the database. */
const SLUG = new RegExp(`^[a-z0-9][a-z0-9-]{0,${MAX_SLUG_CHARS - 1}}$`);

/** What readers may see: groups and published revisions only. Shared by the HTML pages and the JSON API. */
@Injectable()
export class PublicReadService {
  constructor(
    private readonly repo: PublishingRepository,
    private readonly reach: ReachHook,
    private readonly translations: TranslationsService,
  ) {}

  groups(): Promise<PublicGroupRow[]> {
    return this.repo.findGroupsWithPublishedCounts();
  }

  async hub(): Promise<{ groups: PublicGroupRow[]; recent: PublishedEntryListRow[]; reach: ReachTotals | null }> {
    const [groups, recent] = await Promise.all([this.repo.findGroupsWithPublishedCounts(), this.repo.findRecentlyPublished(HUB_RECENT_ENTRIES)]);
    return { groups, recent, reach: this.reach.totals() };
  }

  async group(slug: string): Promise<{ group: PublicGroupRow; entries: PublishedEntryListRow[] } | null> {
    if (!SLUG.test(slug)) return null;
    const group = await this.repo.findGroupBySlug(slug);
    if (!group) return null;
    return { group, entries: await this.repo.findPublishedInGroup(group.id, GROUP_PAGE_ENTRIES) };
  }

  /** The entry's published revision, or null for unknown, draft and unpublished entries alike. */
  entry(slug: string): Promise<PublishedEntryRow | null> {
    return SLUG.test(slug) ? this.repo.findPublishedEntryBySlug(slug) : Promise.resolve(null);
  }

  /** The published revision with its document (exports), or null like entry(). */
  entryDocument(slug: string): Promise<(PublishedEntryRow & { pmJson: unknown }) | null> {
    return SLUG.test(slug) ? this.repo.findPublishedEntryDocumentBySlug(slug) : Promise.resolve(null);
  }

  newestApprovals(): Promise<PublishedEntryRow[]> {
    return this.repo.findNewestApprovals(FEED_ENTRIES);
  }

  async sitemap(): Promise<{ groups: PublicGroupRow[]; entries: SitemapRow[] }> {
    const [groups, entries, alternates] = await Promise.all([
      this.repo.findGroupsWithPublishedCounts(),
      this.repo.findAllPublishedForSitemap(SITEMAP_ENTRIES),
      this.translations.sitemapAlternates(),
    ]);
    return { groups, entries: entries.map((e) => ({ ...e, alternates: alternates.get(e.slug) })) };
  }

  /** A published entry's translations (or source) as its page links them, and whether it is an outdated translation. */
  pairing(entryId: string): Promise<PublicPairing> {
    return this.translations.publicPairing(entryId);
  }
}
