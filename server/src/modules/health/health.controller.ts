import { Controller, Get, HttpCode } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';

@Controller()
export class HealthController {
  constructor(private readonly db: DataSource) {}

  /** 200 when the database answers, 503 service_unavailable otherwise. */
  @Get('healthz')
  @HttpCode(200)
  async health() {
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw new DomainError('service_unavailable', 'The database does not answer');
    }
    return { status: 'ok' };
  }
}
