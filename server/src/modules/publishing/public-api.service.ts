import { Injectable } from '@nestjs/common';
import { publicSearchQuery, type PublicEntryDto, type PublicGroupDetailDto, type PublicGroupDto, type SearchResultsDto } from '@knowledge-hub/shared';
import { notFound } from '../../common/domain-error';
import { ZodPipe } from '../../common/zod-body.pipe';
import { SearchService } from '../search/search.service';
import { toEntrySummaryDto, toGroupDto, toPublicEntryDto } from './public.presenter';
import { PublicReadService } from './public-read.service';

const searchQuery = new ZodPipe(publicSearchQuery);

/** The read-only JSON API under /api/public/… (shapes in shared/src/public.ts). */
@Injectable()
export class PublicApiService {
  constructor(
    private readonly read: PublicReadService,
    private readonly searchService: SearchService,
  ) {}

  async groups(): Promise<PublicGroupDto[]> {
    return (await this.read.groups()).map(toGroupDto);
  }

  async group(slug: string): Promise<PublicGroupDetailDto> {
    const data = await this.read.group(slug);
    if (!data) throw notFound('group_not_found', `Group ${slug}`);
    return { ...toGroupDto(data.group), entries: data.entries.map(toEntrySummaryDto) };
  }

  async entry(slug: string): Promise<PublicEntryDto> {
    const e = await this.read.entry(slug);
    if (!e) throw notFound('entry_not_found', `Published entry ${slug}`);
    return toPublicEntryDto(e);
  }

  /** ?q=&limit=&offset=; an empty query finds nothing, an over-long one is 400 validation_failed. */
  async search(query: unknown): Promise<SearchResultsDto> {
    const { q, limit, offset } = searchQuery.transform(query);
    return this.searchService.search(q, { limit, offset });
  }
}
