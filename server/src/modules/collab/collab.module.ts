import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EntriesModule } from '../entries/entries.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { BodyMentionsRepository } from './body-mentions.repository';
import { BodyMentionsService } from './body-mentions.service';
import { CollabService } from './collab.service';
import { LiveTextRepository } from './live-text.repository';
import { UpdateLogRepository } from './update-log.repository';

@Module({
  imports: [AuthModule, EntriesModule, UsersModule, NotificationsModule],
  providers: [UpdateLogRepository, LiveTextRepository, BodyMentionsRepository, BodyMentionsService, CollabService],
  exports: [CollabService],
})
export class CollabModule {}
