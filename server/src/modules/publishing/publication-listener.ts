import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PublicationEvents } from '../moderation/publication-events';
import { PublishingService } from './publishing.service';

/**
 * Moderation announces "what readers see of this entry changed" (approve,
 * unpublish, restore) through its exported PublicationEvents, awaited before
 * the moderator's request answers; publishing reacts by re-indexing the entry
 * and clearing its cache. Calling PublishingService.publicationChanged
 * directly as well would be harmless (it is idempotent), only redundant.
 */
@Injectable()
export class PublicationListener implements OnModuleInit {
  constructor(
    private readonly events: PublicationEvents,
    private readonly publishing: PublishingService,
  ) {}

  onModuleInit(): void {
    this.events.onChange((entryId) => this.publishing.publicationChanged(entryId));
  }
}
