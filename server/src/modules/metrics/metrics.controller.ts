import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { MetricsService } from './metrics.service';

@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Prometheus text format. With METRICS_TOKEN set, only `Authorization: Bearer
   * <METRICS_TOKEN>` may read it (401 otherwise). Without it, only a scraper
   * on this machine may (a direct loopback connection, not one relayed by a
   * proxy); everyone else gets 404, as if there were no such page.
   */
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  scrape(@Req() req: Request) {
    if (this.config.metricsToken) {
      if (req.headers.authorization !== `Bearer ${this.config.metricsToken}`) throw new DomainError('unauthenticated', 'A metrics token is required');
    } else if (!isDirectLoopbackRequest(req)) {
      throw new DomainError('not_found', 'No such route');
    }
    return this.metrics.render();
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * The TCP peer is this machine and no proxy relayed the request: a proxy on
 * the same host (nginx in front of the app) would otherwise make every
 * visitor look local. Reads the socket, not req.ip, which X-Forwarded-For sets.
 */
export function isDirectLoopbackRequest(req: Pick<Request, 'headers' | 'socket'>): boolean {
  const relayed = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined || req.headers['x-real-ip'] !== undefined;
  return !relayed && LOOPBACK.test(req.socket.remoteAddress ?? '');
}
