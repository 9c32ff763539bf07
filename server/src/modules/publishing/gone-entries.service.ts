import { Injectable } from '@nestjs/common';
import { ArchivedEntriesRepository } from './archived-entries.repository';
import type { PublicAnswer } from './prepared-answer';
import type { SiteContext } from './site-context';
import { goneView } from './views/gone.view';

/**
 * An archived entry's page answers 410 Gone with a page that says so (not a
 * 404: the address existed, and search engines should drop it). The public
 * queries leave archived entries out, so they reach here as "not found".
 */
@Injectable()
export class GoneEntriesService {
  constructor(private readonly archived: ArchivedEntriesRepository) {}

  async orGone(ctx: SiteContext, slug: string, answer: PublicAnswer): Promise<PublicAnswer> {
    if (answer.status !== 404 || !(await this.archived.isArchivedSlug(slug))) return answer;
    return { status: 410, type: 'html', body: goneView(ctx, `/e/${encodeURIComponent(slug)}`) };
  }
}
