import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { type ParseReferencesBody, parseReferencesBody } from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { ReferencesService } from './references.service';

@Controller('api/references')
export class ReferencesController {
  constructor(private readonly references: ReferencesService) {}

  /** A DOI, PMID, BibTeX, RIS or CSL-JSON → 200 `{items: CslItem[]}` (see shared/src/references-api.ts). */
  @Post('parse')
  @HttpCode(200)
  parse(@CurrentUser() actor: Actor | null, @Body(new ZodPipe(parseReferencesBody)) body: ParseReferencesBody) {
    return this.references.parse(actor, body.input);
  }
}
