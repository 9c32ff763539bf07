import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DatasetPublicEvents } from '../datasets/dataset-public-events.service';
import { PublicationEvents } from '../moderation/publication-events';
import { ReportPublicEvents } from '../reports/report-public-events.service';
import { PublicationBroadcast } from './publication-broadcast';
import { PublicResponder } from './public-responder';
import { PublishingService } from './publishing.service';

/**
 * Keeps the public site in step with publication, on every instance.
 *
 * Moderation announces "what readers see of this entry changed" (approve,
 * unpublish, restore) through its exported PublicationEvents, awaited before
 * the moderator's request answers; publishing reacts by re-indexing the entry,
 * clearing its cache and telling the other instances (PublishingService).
 * Calling PublishingService.publicationChanged directly as well would be
 * harmless (it is idempotent), only redundant.
 *
 * What other instances announce (PublicationBroadcast) clears this instance's
 * cache; they have re-indexed the shared database already.
 */
@Injectable()
export class PublicationListener implements OnModuleInit {
  constructor(
    private readonly events: PublicationEvents,
    private readonly publishing: PublishingService,
    private readonly broadcast: PublicationBroadcast,
    private readonly responder: PublicResponder,
    private readonly datasetEvents: DatasetPublicEvents,
    private readonly reportEvents: ReportPublicEvents,
  ) {}

  onModuleInit(): void {
    this.events.onChange((entryId) => this.publishing.publicationChanged(entryId));
    this.broadcast.onRemoteChange(() => this.responder.clear());
    // A dataset version approved: its page, its group's, the sitemap, the feed and search change.
    this.datasetEvents.onChange((datasetId) => {
      this.responder.clear();
      this.broadcast.announce(datasetId);
    });
    // A report approved: its page, /reports, the podcast feed, the sitemap and search change.
    this.reportEvents.onChange((reportId) => {
      this.responder.clear();
      this.broadcast.announce(reportId);
    });
  }
}
