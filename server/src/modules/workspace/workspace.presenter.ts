import type { EntryDto } from '@knowledge-hub/shared';
import type { WorkspaceEntryRow } from './workspace.repository';

export function toWorkspaceEntryDto(r: WorkspaceEntryRow): EntryDto {
  return {
    id: r.id,
    slug: r.slug,
    groupSlug: r.groupSlug,
    kind: r.kind,
    title: r.title,
    summary: r.summary,
    status: r.status,
    publishedRevisionId: r.publishedRevisionId,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

/** Characters of context on each side of the first match. */
const SNIPPET_CONTEXT_CHARS = 80;

/** A line of plain text around the first place any of `words` occurs (the start of the text if none does). */
export function snippetAround(text: string, words: string[]): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const lower = flat.toLowerCase();
  const positions = words.map((w) => lower.indexOf(w.toLowerCase())).filter((i) => i >= 0);
  const at = positions.length > 0 ? Math.min(...positions) : 0;
  const start = Math.max(0, at - SNIPPET_CONTEXT_CHARS);
  const end = Math.min(flat.length, at + SNIPPET_CONTEXT_CHARS * 2);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}
