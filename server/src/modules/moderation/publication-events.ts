import { Injectable, Logger } from '@nestjs/common';

type Listener = (entryId: string) => Promise<void>;

/**
 * "What readers see of this entry changed" (approve, unpublish). The publishing
 * side subscribes (cache, search index); moderation does not depend on it.
 * Awaited, so an approval's answer comes after the public page changed.
 */
@Injectable()
export class PublicationEvents {
  private readonly logger = new Logger('PublicationEvents');
  private readonly listeners: Listener[] = [];

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  async changed(entryId: string): Promise<void> {
    const results = await Promise.allSettled(this.listeners.map((l) => l(entryId)));
    for (const r of results) if (r.status === 'rejected') this.logger.error(`publication listener failed for ${entryId}: ${r.reason}`);
  }
}
