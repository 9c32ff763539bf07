import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from './actor';

export type RequestWithActor = Request & { actor?: Actor | null };

/** The signed-in user of this request, or null. Set by the global SessionGuard. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor | null => {
  return ctx.switchToHttp().getRequest<RequestWithActor>().actor ?? null;
});
