import { Module } from '@nestjs/common';
import { EntriesModule } from '../entries/entries.module';
import { GroupsModule } from '../groups/groups.module';
import { ModerationModule } from '../moderation/moderation.module';
import { TranslationsController } from './translations.controller';
import { TranslationsRepository } from './translations.repository';
import { TranslationsService } from './translations.service';

/** Paired entries (issue 14): translations of an entry, their sync state, and what the public pages show of a pair. */
@Module({
  imports: [EntriesModule, GroupsModule, ModerationModule],
  controllers: [TranslationsController],
  providers: [TranslationsRepository, TranslationsService],
  exports: [TranslationsService],
})
export class TranslationsModule {}
