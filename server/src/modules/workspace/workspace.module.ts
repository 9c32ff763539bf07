import { Module } from '@nestjs/common';
import { PublishingModule } from '../publishing/publishing.module';
import { UsersModule } from '../users/users.module';
import { WorkspaceController } from './workspace.controller';
import { WorkspaceRepository } from './workspace.repository';
import { WorkspaceService } from './workspace.service';

/** The workspace's search, one's drafts and recent entries, and archiving entries (issue 14). */
@Module({
  imports: [PublishingModule, UsersModule],
  controllers: [WorkspaceController],
  providers: [WorkspaceRepository, WorkspaceService],
  exports: [WorkspaceRepository],
})
export class WorkspaceModule {}
