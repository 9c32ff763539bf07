import { Module } from '@nestjs/common';
import { CollabModule } from '../collab/collab.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({ imports: [CollabModule], controllers: [MetricsController], providers: [MetricsService] })
export class MetricsModule {}
