import { Module } from '@nestjs/common';
import { GroupsModule } from '../groups/groups.module';
import { EntriesController } from './entries.controller';
import { EntriesRepository } from './entries.repository';
import { EntriesService } from './entries.service';

@Module({
  imports: [GroupsModule],
  controllers: [EntriesController],
  providers: [EntriesRepository, EntriesService],
  exports: [EntriesService],
})
export class EntriesModule {}
