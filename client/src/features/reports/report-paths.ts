/** Workspace paths of the reports pages (relative to APP_BASE, like routing/paths.ts). */
export const reportPaths = {
  ofGroup: (slug: string) => `/g/${encodeURIComponent(slug)}/reports`,
  report: (id: string) => `/reports/${encodeURIComponent(id)}`,
};

/** The public page of a report (server-rendered, outside the app). */
export function publicReportUrl(slug: string): string {
  return `/r/${encodeURIComponent(slug)}`;
}
