import { Module } from '@nestjs/common';
import { CollabModule } from '../collab/collab.module';
import { EntriesModule } from '../entries/entries.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { UsersModule } from '../users/users.module';
import { AuditRepository } from './audit.repository';
import { FigureSourcesRepository } from './figure-sources.repository';
import { HubAuditRepository } from './hub-audit.repository';
import { HubAuditService } from './hub-audit.service';
import { ModerationController } from './moderation.controller';
import { PublicationEvents } from './publication-events';
import { PublicationService } from './publication.service';
import { ReviewQueueService } from './review-queue.service';
import { ReviewsService } from './reviews.service';
import { RevisionsRepository } from './revisions.repository';
import { RevisionsService } from './revisions.service';
import { UserRefs } from './user-refs';

@Module({
  imports: [UsersModule, EntriesModule, CollabModule, RealtimeModule],
  controllers: [ModerationController],
  providers: [
    RevisionsRepository,
    AuditRepository,
    UserRefs,
    PublicationEvents,
    RevisionsService,
    ReviewsService,
    PublicationService,
    ReviewQueueService,
    HubAuditRepository,
    HubAuditService,
    FigureSourcesRepository,
  ],
  exports: [PublicationEvents, RevisionsService],
})
export class ModerationModule {}
