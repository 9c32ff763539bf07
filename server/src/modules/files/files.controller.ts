import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { sendFile } from './file-responder';
import { FilesService } from './files.service';

@Controller()
export class FilesController {
  constructor(private readonly files: FilesService) {}

  /** Multipart form, field `file` → 201 UploadedFileDto. */
  @Post('api/entries/:id/files')
  upload(@CurrentUser() actor: Actor | null, @Param('id') id: string, @Req() req: Request) {
    return this.files.upload(actor, id, req);
  }

  /** Public, immutable: `/files/<sha256>` and `/files/<sha256>?w=<width>`. */
  @Get('files/:sha')
  async serve(@Param('sha') sha: string, @Query('w') width: string | undefined, @Req() req: Request, @Res() res: Response) {
    await sendFile(req, res, await this.files.open(sha, width));
  }
}
