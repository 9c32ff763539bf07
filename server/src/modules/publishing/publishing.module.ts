import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { ReportsModule } from '../reports/reports.module';
import { ModerationModule } from '../moderation/moderation.module';
import { SearchModule } from '../search/search.module';
import { TranslationsModule } from '../translations/translations.module';
import { ArchivedEntriesRepository } from './archived-entries.repository';
import { GoneEntriesService } from './gone-entries.service';
import { PublicationBroadcast } from './publication-broadcast';
import { PublicationListener } from './publication-listener';
import { PublicApiController } from './public-api.controller';
import { PublicApiService } from './public-api.service';
import { PublicPagesController } from './public-pages.controller';
import { PublicPagesService } from './public-pages.service';
import { PublicReadService } from './public-read.service';
import { PublicResponder } from './public-responder';
import { PublishingRepository } from './publishing.repository';
import { PublishingService } from './publishing.service';

/** The public site, feeds, sitemap and public JSON API, with their cache, kept in step with moderation's publication events on every instance. */
@Module({
  imports: [TranslationsModule, SearchModule, ModerationModule, DatasetsModule, ReportsModule],
  controllers: [PublicPagesController, PublicApiController],
  providers: [
    PublishingRepository,
    ArchivedEntriesRepository,
    GoneEntriesService,
    PublicReadService,
    PublicPagesService,
    PublicApiService,
    PublicResponder,
    PublishingService,
    PublicationBroadcast,
    PublicationListener,
  ],
  exports: [PublishingService, PublicResponder],
})
export class PublishingModule {}
