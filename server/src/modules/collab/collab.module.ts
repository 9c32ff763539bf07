import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EntriesModule } from '../entries/entries.module';
import { UsersModule } from '../users/users.module';
import { CollabService } from './collab.service';
import { LiveTextRepository } from './live-text.repository';
import { UpdateLogRepository } from './update-log.repository';

@Module({
  imports: [AuthModule, EntriesModule, UsersModule],
  providers: [UpdateLogRepository, LiveTextRepository, CollabService],
  exports: [CollabService],
})
export class CollabModule {}
