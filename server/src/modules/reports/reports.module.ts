import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { GroupsModule } from '../groups/groups.module';
import { ModerationModule } from '../moderation/moderation.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { MediaController } from './media.controller';
import { MediaTools } from './media-tools.service';
import { PublicReportsService } from './public-reports.service';
import { ReportEmbedService } from './report-embed.service';
import { ReportPublicEvents } from './report-public-events.service';
import { ReportReviewsService } from './report-reviews.service';
import { ReportUploadsService } from './report-uploads.service';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/**
 * Reports (issue 13): a group's video and audio reports with captions,
 * reviewed like entry revisions (ReportReviewsService is moderation's third
 * reviewable kind), public once approved (PublicReportsService, served by the
 * publishing module's responder; files at /media/<sha256>).
 */
@Module({
  imports: [FilesModule, GroupsModule, ModerationModule, RealtimeModule],
  controllers: [ReportsController, MediaController],
  providers: [
    ReportsRepository,
    ReportsService,
    ReportUploadsService,
    ReportReviewsService,
    ReportPublicEvents,
    PublicReportsService,
    MediaTools,
    ReportEmbedService,
  ],
  exports: [PublicReportsService, ReportPublicEvents, ReportsRepository],
})
export class ReportsModule {}
