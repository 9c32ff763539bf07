import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { NotificationDigestsService } from './notification-digests.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [RealtimeModule, MailModule],
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService, NotificationDigestsService],
  exports: [NotificationsService, NotificationsRepository],
})
export class NotificationsModule {}
