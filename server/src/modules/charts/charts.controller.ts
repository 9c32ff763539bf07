import { Controller, Get, Query } from '@nestjs/common';
import { type ChartPreviewQuery, chartPreviewQuery } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { ChartsService } from './charts.service';

@Controller('api/charts')
export class ChartsController {
  constructor(private readonly charts: ChartsService) {}

  /** `?datasetId&version&spec=<JSON>&lang=en|zh` → ChartPreviewDto (signed in; approved versions only). */
  @Get('preview')
  preview(@CurrentUser() actor: Actor | null, @Query(new ZodPipe(chartPreviewQuery)) query: ChartPreviewQuery) {
    return this.charts.preview(actor, query);
  }
}
