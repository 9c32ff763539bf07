import { Module } from '@nestjs/common';
import { GroupsModule } from '../groups/groups.module';
import { MailModule } from '../mail/mail.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { UsersModule } from '../users/users.module';
import { JoinRequestsController } from './join-requests.controller';
import { JoinRequestsRepository } from './join-requests.repository';
import { JoinRequestsService } from './join-requests.service';

@Module({
  imports: [UsersModule, GroupsModule, RealtimeModule, MailModule, NotificationsModule],
  controllers: [JoinRequestsController],
  providers: [JoinRequestsRepository, JoinRequestsService],
})
export class JoinRequestsModule {}
