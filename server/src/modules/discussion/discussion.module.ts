import { Module } from '@nestjs/common';
import { EntriesModule } from '../entries/entries.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { UsersModule } from '../users/users.module';
import { CommentsRepository } from './comments.repository';
import { DiscussionController } from './discussion.controller';
import { DiscussionService } from './discussion.service';

@Module({
  imports: [EntriesModule, UsersModule, RealtimeModule, NotificationsModule],
  controllers: [DiscussionController],
  providers: [CommentsRepository, DiscussionService],
})
export class DiscussionModule {}
