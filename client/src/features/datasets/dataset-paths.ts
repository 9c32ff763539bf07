/** Workspace paths of the datasets pages (relative to APP_BASE, like routing/paths.ts). */
export const datasetPaths = {
  ofGroup: (slug: string) => `/g/${encodeURIComponent(slug)}/datasets`,
  dataset: (id: string) => `/datasets/${encodeURIComponent(id)}`,
};

/** The public page of a dataset (server-rendered, outside the app). */
export function publicDatasetUrl(slug: string): string {
  return `/d/${encodeURIComponent(slug)}`;
}
