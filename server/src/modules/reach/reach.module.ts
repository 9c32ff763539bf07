import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PublishingModule } from '../publishing/publishing.module';
import { ReachController } from './reach.controller';
import { ReachReportService } from './reach-report.service';
import { ReachRepository } from './reach.repository';
import { ReachService } from './reach.service';

/**
 * Privacy-preserving readership (issue 13): counts reads of the public pages
 * without cookies or stored addresses (see reach.service.ts), shows them on
 * /reach and to admins. Hooked into the public site through publishing's
 * ReachHook, so publishing never depends on this module.
 */
@Module({
  imports: [AuthModule, PublishingModule],
  controllers: [ReachController],
  providers: [ReachService, ReachReportService, ReachRepository],
})
export class ReachModule {}
