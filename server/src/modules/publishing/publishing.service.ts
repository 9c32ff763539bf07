import { Injectable } from '@nestjs/common';
import { SearchService } from '../search/search.service';
import { PublicationBroadcast } from './publication-broadcast';
import { PublicResponder } from './public-responder';

/** What other modules ask of publishing. */
@Injectable()
export class PublishingService {
  constructor(
    private readonly search: SearchService,
    private readonly responder: PublicResponder,
    private readonly broadcast: PublicationBroadcast,
  ) {}

  /**
   * Call after an entry's published revision changed (approve, unpublish,
   * restore), once the change is committed: re-indexes the entry for search and
   * forgets every cached public answer, here and on every other instance (any
   * page may show the entry: hub, group, feed, sitemap, search). The caches are
   * cleared even if indexing fails, so readers never keep seeing an
   * unpublished entry.
   */
  async publicationChanged(entryId: string): Promise<void> {
    try {
      await this.search.indexEntry(entryId);
    } finally {
      this.responder.clear();
      this.broadcast.announce(entryId);
    }
  }
}
