import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { ModerationModule } from '../moderation/moderation.module';
import { ChartsController } from './charts.controller';
import { ChartsService } from './charts.service';

/**
 * Dataset charts (issue 12): rendered to SVG on the server when a revision is
 * frozen (registered with moderation's ChartFreezeHook) and for the
 * workspace's preview (GET /api/charts/preview).
 */
@Module({
  imports: [DatasetsModule, ModerationModule],
  controllers: [ChartsController],
  providers: [ChartsService],
  exports: [ChartsService],
})
export class ChartsModule {}
