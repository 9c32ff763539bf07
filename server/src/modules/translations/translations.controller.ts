import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { createTranslationBody, syncTranslationBody, type CreateTranslationBody, type SyncTranslationBody } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { TranslationsService } from './translations.service';

@Controller('api/entries/:id')
export class TranslationsController {
  constructor(private readonly translations: TranslationsService) {}

  @Post('translations')
  create(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(createTranslationBody)) body: CreateTranslationBody) {
    return this.translations.create(actor, id, body);
  }

  @Get('translations')
  get(@CurrentUser() actor: Actor | null, @Param('id') id: string) {
    return this.translations.get(actor, id);
  }

  @Post('translation-sync')
  sync(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Body(new ZodPipe(syncTranslationBody)) body: SyncTranslationBody) {
    return this.translations.sync(actor, id, body);
  }
}
