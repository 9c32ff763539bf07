/** The workspace's search results page (relative to APP_BASE). */
export function searchPath(q: string): string {
  return `/search?q=${encodeURIComponent(q)}`;
}
