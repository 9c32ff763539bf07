import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  type MarkReadBody,
  markReadBody,
  type NotificationPreferencesDto,
  notificationPreferencesBody,
  type NotificationsQuery,
  notificationsQuery,
} from '@knowledge-hub/shared';
import type { Actor } from '../../common/actor';
import { CurrentUser } from '../../common/current-user.decorator';
import { ZodPipe } from '../../common/zod-body.pipe';
import { NotificationsService } from './notifications.service';

@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  page(@CurrentUser() actor: Actor | null, @Query(new ZodPipe(notificationsQuery)) query: NotificationsQuery) {
    return this.notifications.page(actor, query);
  }

  @Post('read')
  @HttpCode(200)
  markRead(@CurrentUser() actor: Actor | null, @Body(new ZodPipe(markReadBody)) body: MarkReadBody) {
    return this.notifications.markRead(actor, body);
  }

  @Get('preferences')
  preferences(@CurrentUser() actor: Actor | null) {
    return this.notifications.preferences(actor);
  }

  @Patch('preferences')
  setPreferences(@CurrentUser() actor: Actor | null, @Body(new ZodPipe(notificationPreferencesBody)) body: NotificationPreferencesDto) {
    return this.notifications.setPreferences(actor, body);
  }
}
