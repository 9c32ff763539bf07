import type { GroupDetailDto, GroupDto } from '@knowledge-hub/shared';
import { request } from './http';

export function listGroups(signal?: AbortSignal): Promise<GroupDto[]> {
  return request<GroupDto[]>('GET', '/api/groups', { signal });
}

export function getGroup(slug: string, signal?: AbortSignal): Promise<GroupDetailDto> {
  return request<GroupDetailDto>('GET', `/api/groups/${encodeURIComponent(slug)}`, { signal });
}
