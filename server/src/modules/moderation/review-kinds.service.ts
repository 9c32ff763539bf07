import { Injectable } from '@nestjs/common';
import type { ReviewableKind } from './reviewable-kind';

/**
 * The kinds of reviewed things the queue lists. Entry revisions are built in;
 * other modules register their adapter at start-up (a module importing
 * ModerationModule, in onModuleInit).
 */
@Injectable()
export class ReviewKinds {
  private readonly kinds = new Map<string, ReviewableKind<unknown, unknown>>();

  // biome-ignore lint/suspicious/noExplicitAny: adapters differ in what they find and lock; the registry only lists their queues.
  register(kind: ReviewableKind<any, unknown, any>): void {
    this.kinds.set(kind.kind, kind as unknown as ReviewableKind<unknown, unknown>);
  }

  all(): ReviewableKind<unknown, unknown>[] {
    return [...this.kinds.values()];
  }
}
