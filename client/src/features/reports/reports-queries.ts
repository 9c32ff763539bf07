import type { ReportDto } from '@knowledge-hub/shared';
import { request } from '../../api/http';

/*
 * The reads of the reports pages, apart from the rest of reports.api: the
 * routes (main bundle) start them while a page's chunk loads, and this module
 * imports no value from the shared package (its reports module would bring zod).
 */

export const reportKeys = {
  ofGroup: (slug: string) => ['group', slug, 'reports'] as const,
  report: (id: string) => ['report', id] as const,
};

export function listReports(groupSlug: string, signal?: AbortSignal): Promise<ReportDto[]> {
  return request<ReportDto[]>('GET', `/api/groups/${encodeURIComponent(groupSlug)}/reports`, { signal });
}

export function getReport(id: string, signal?: AbortSignal): Promise<ReportDto> {
  return request<ReportDto>('GET', `/api/reports/${encodeURIComponent(id)}`, { signal });
}
