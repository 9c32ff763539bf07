import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { GroupsModule } from '../groups/groups.module';
import { UsersModule } from '../users/users.module';
import { PresenceService } from './presence.service';
import { RealtimeGateway } from './realtime.gateway';
import { ReviewNotifier } from './review-notifier.service';
import { RosterBroadcaster } from './roster-broadcaster.service';

@Module({
  imports: [AuthModule, GroupsModule, UsersModule],
  providers: [RealtimeGateway, PresenceService, ReviewNotifier, RosterBroadcaster],
  exports: [ReviewNotifier],
})
export class RealtimeModule {}
