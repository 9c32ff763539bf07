import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { GroupsModule } from '../groups/groups.module';
import { ModerationModule } from '../moderation/moderation.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { DatasetPublicEvents } from './dataset-public-events.service';
import { DatasetQueryService } from './dataset-query.service';
import { DatasetReviewsService } from './dataset-reviews.service';
import { DatasetRowsRepository } from './dataset-rows.repository';
import { DatasetsController } from './datasets.controller';
import { DatasetsRepository } from './datasets.repository';
import { DatasetsService } from './datasets.service';
import { PublicDatasetsController } from './public-datasets.controller';
import { PublicDatasetsService } from './public-datasets.service';

/**
 * Datasets (issue 12): versioned tables of a group, reviewed like entry
 * revisions (DatasetReviewsService is moderation's second reviewable kind),
 * queried by the public and, in process, by charts (DatasetQueryService).
 */
@Module({
  imports: [FilesModule, GroupsModule, ModerationModule, RealtimeModule],
  controllers: [DatasetsController, PublicDatasetsController],
  providers: [
    DatasetsRepository,
    DatasetRowsRepository,
    DatasetsService,
    DatasetReviewsService,
    DatasetQueryService,
    DatasetPublicEvents,
    PublicDatasetsService,
  ],
  exports: [DatasetQueryService, DatasetPublicEvents, DatasetsRepository, PublicDatasetsService],
})
export class DatasetsModule {}
