import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { GroupMembersController } from './group-members.controller';
import { GroupMembersService } from './group-members.service';
import { GroupsController } from './groups.controller';
import { GroupsRepository } from './groups.repository';
import { GroupsService } from './groups.service';

@Module({
  imports: [UsersModule],
  controllers: [GroupsController, GroupMembersController],
  providers: [GroupsRepository, GroupsService, GroupMembersService],
  exports: [GroupsService],
})
export class GroupsModule {}
