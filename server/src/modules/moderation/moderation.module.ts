import { Module } from '@nestjs/common';
import { ChartFreezeHook } from '../charts/chart-freeze-hook.service';
import { ReportFreezeHook } from '../reports/report-freeze-hook.service';
import { CollabModule } from '../collab/collab.module';
import { EntriesModule } from '../entries/entries.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { UsersModule } from '../users/users.module';
import { AuditRepository } from './audit.repository';
import { FigureSourcesRepository } from './figure-sources.repository';
import { HubAuditRepository } from './hub-audit.repository';
import { HubAuditService } from './hub-audit.service';
import { ModerationController } from './moderation.controller';
import { PublicationEvents } from './publication-events';
import { PublicationService } from './publication.service';
import { ReviewDecisions } from './review-decisions.service';
import { ReviewKinds } from './review-kinds.service';
import { ReviewQueueService } from './review-queue.service';
import { ReviewsService } from './reviews.service';
import { RevisionsRepository } from './revisions.repository';
import { RevisionsService } from './revisions.service';
import { UserRefs } from './user-refs';

@Module({
  imports: [UsersModule, EntriesModule, CollabModule, RealtimeModule, NotificationsModule],
  controllers: [ModerationController],
  providers: [
    RevisionsRepository,
    AuditRepository,
    UserRefs,
    PublicationEvents,
    RevisionsService,
    ReviewKinds,
    ReviewDecisions,
    ReviewsService,
    PublicationService,
    ReviewQueueService,
    HubAuditRepository,
    HubAuditService,
    FigureSourcesRepository,
    ChartFreezeHook,
    ReportFreezeHook,
  ],
  exports: [ChartFreezeHook, ReportFreezeHook, PublicationEvents, RevisionsService, ReviewKinds, ReviewDecisions, AuditRepository, UserRefs],
})
export class ModerationModule {}
